using System.CommandLine;
using Argon.Protocol.Transport;

namespace Argon.Cli.Options;

/// <summary>--heartbeat-interval and --heartbeat-timeout, shared by `argon manager` and `argon worker`.</summary>
internal sealed class HeartbeatOptions
{
    private readonly Option<TimeSpan?> _interval = EnvironmentOption.Duration("--heartbeat-interval", "ARGON_HEARTBEAT_INTERVAL",
        $"How often each connection sends a keep-alive (default {HeartbeatSettings.Default.Interval.TotalSeconds:0}s).");

    private readonly Option<TimeSpan?> _timeout = EnvironmentOption.Duration("--heartbeat-timeout", "ARGON_HEARTBEAT_TIMEOUT",
        $"A peer silent this long is dead: its connection is closed, a worker's tasks go elsewhere (default {HeartbeatSettings.Default.Timeout.TotalSeconds:0}s).");

    public IEnumerable<Option> All => [_interval, _timeout];

    public HeartbeatSettings Read(ParseResult result)
    {
        var settings = new HeartbeatSettings(
            result.GetValue(_interval) ?? HeartbeatSettings.Default.Interval,
            result.GetValue(_timeout) ?? HeartbeatSettings.Default.Timeout);
        try
        {
            settings.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CommandLineException($"--heartbeat-interval/--heartbeat-timeout: {ex.Message}");
        }

        return settings;
    }
}
