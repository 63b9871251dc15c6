using System.Globalization;

namespace Argon.MultiHostClient;

/// <summary>What kind of task each call submits, and so what its result must be.</summary>
internal enum WorkloadKind
{
    /// <summary><c>Echo(id)</c>, which returns <c>id</c>.</summary>
    Echo,

    /// <summary><c>Sleep(ms)</c>, which returns <c>ms</c>.</summary>
    Sleep,

    /// <summary><c>LoggedRun(dir, id, ms)</c>, which logs its start and returns <c>id</c>.</summary>
    Logged,
}

/// <summary>The command line, as `--name value` pairs and `--retry`; see the suite's <c>ClientHost</c> for the writer.</summary>
internal sealed record ClientArguments(
    string Manager,
    string KeyFile,
    string Ledger,
    WorkloadKind Kind,
    int Calls,
    int Concurrency,
    int Milliseconds,
    int FirstId,
    int Passes,
    int WaitForCapacity,
    string? LogDirectory,
    string? StopFile,
    bool Retry,
    TimeSpan HeartbeatInterval,
    TimeSpan HeartbeatTimeout)
{
    public static ClientArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var retry = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--retry")
            {
                retry = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i][2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }
        }

        string Text(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");
        int Number(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

        return new ClientArguments(
            Text("manager"),
            Text("key"),
            Text("ledger"),
            Enum.Parse<WorkloadKind>(Text("task"), ignoreCase: true),
            Number("calls", 100),
            Number("concurrency", 8),
            Number("ms", 20),
            Number("first-id", 0),
            Number("passes", 1),
            Number("wait-capacity", 0),
            values.GetValueOrDefault("log-dir"),
            values.GetValueOrDefault("stop-file"),
            retry,
            TimeSpan.FromMilliseconds(Number("heartbeat-interval-ms", 1000)),
            TimeSpan.FromMilliseconds(Number("heartbeat-timeout-ms", 5000)));
    }

    public ArgonClientOptions ClientOptions()
    {
        var colon = Manager.LastIndexOf(':');
        return new ArgonClientOptions
        {
            Host = Manager[..colon],
            Port = int.Parse(Manager[(colon + 1)..], CultureInfo.InvariantCulture),
            KeyFile = KeyFile,
            Retry = Retry,
            HeartbeatInterval = HeartbeatInterval,
            HeartbeatTimeout = HeartbeatTimeout,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
    }
}
