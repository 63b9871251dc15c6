using System.Globalization;
using Argon.Cli.Processes;

namespace Argon.MultiHostTests.Network;

/// <summary>
/// Round trips between two hosts, measured by the Argon.LinkDelay program: a listener in one host, and TCP connects
/// timed from another (a connect is one SYN out and one SYN-ACK back, so it takes a one-way delay of each host).
/// </summary>
internal static class ConnectProbe
{
    /// <summary>Starts the listener in <paramref name="host"/> on port 0 and returns it with its port.</summary>
    public static async Task<(ArgonProcess Listener, int Port)> ListenAsync(VirtualHost host, TimeSpan within, CancellationToken cancellationToken = default)
    {
        var (fileName, arguments) = HostProgram.Command(host, LinkDelayer.Program, ["listen", host.Address + ":0"]);
        var listener = ArgonProcess.StartCommand($"listener on {host.Name}", fileName, arguments);
        try
        {
            var line = await listener.WaitForLineAsync(l => l.StartsWith("linkdelay listening on ", StringComparison.Ordinal), within, cancellationToken);
            return (listener, int.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture));
        }
        catch
        {
            await listener.DisposeAsync();
            throw;
        }
    }

    /// <summary><paramref name="count"/> connects from <paramref name="from"/> to the listener, one after another: each one's time.</summary>
    public static IReadOnlyList<TimeSpan> TimeConnects(VirtualHost from, VirtualHost to, int port, int count)
    {
        var (fileName, arguments) = HostProgram.Command(from, LinkDelayer.Program,
            ["time-connect", $"{to.Address}:{port.ToString(CultureInfo.InvariantCulture)}", count.ToString(CultureInfo.InvariantCulture)]);
        var line = NetworkCommand.Run(fileName, [.. arguments]).Split('\n').Single(l => l.StartsWith("linkdelay connect_us ", StringComparison.Ordinal));
        return [.. line["linkdelay connect_us ".Length..].Split(' ').Select(us => TimeSpan.FromMicroseconds(long.Parse(us, CultureInfo.InvariantCulture)))];
    }
}
