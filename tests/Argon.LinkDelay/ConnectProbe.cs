using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Argon.LinkDelay;

/// <summary>A round-trip probe between two hosts: a TCP connect takes one SYN out and one SYN-ACK back.</summary>
internal static class ConnectProbe
{
    private static readonly TimeSpan ConnectLimit = TimeSpan.FromSeconds(5);

    public static IPEndPoint Endpoint(string text) =>
        IPEndPoint.TryParse(text, out var endpoint) ? endpoint : throw new ArgumentException($"not ADDRESS:PORT: {text}");

    /// <summary>Accepts connections and closes them at once, until cancelled.</summary>
    public static async Task ListenAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(endpoint);
        listener.Start();
        Console.WriteLine($"linkdelay listening on {listener.LocalEndpoint}");
        try
        {
            while (true)
            {
                using var accepted = await listener.AcceptSocketAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // SIGTERM: done.
        }
    }

    /// <summary>Times <paramref name="count"/> connects, one after another, and prints them.</summary>
    public static async Task TimeConnectsAsync(IPEndPoint endpoint, int count, CancellationToken cancellationToken)
    {
        var times = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(ConnectLimit);
            var started = Stopwatch.GetTimestamp();
            await socket.ConnectAsync(endpoint, limit.Token);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds.ToString("0", CultureInfo.InvariantCulture));
        }

        Console.WriteLine("linkdelay connect_us " + string.Join(' ', times));
    }
}
