using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Argon.Bench.Baseline;

/// <summary>
/// The baseline's two servers, each run in its own process (`Argon.Bench --serve echo` and
/// `--serve relay PORT`): plain loopback TCP, no TLS, no framing, no Argon code. The echo server writes back
/// what it reads; the relay copies bytes both ways between each client and the echo server, standing in for
/// the manager between a client and a worker. Each prints "listening on PORT" and runs until stdin closes.
/// </summary>
internal static class RawServers
{
    private const int BufferSize = 64 * 1024;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var mode = args.Count > 0 ? args[0] : "";
        int? upstream = mode == "relay" && args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : null;
        if (mode is not ("echo" or "relay") || mode == "relay" && upstream is null)
        {
            await Console.Error.WriteLineAsync("usage: --serve echo | --serve relay UPSTREAM_PORT");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(512);
        Console.WriteLine($"listening on {((IPEndPoint)listener.LocalEndPoint!).Port}");
        Console.Out.Flush();

        // The parent holds our stdin; when it closes (or the parent dies) we stop.
        var parentGone = Task.Run(() => Console.In.ReadToEnd());
        var accepting = AcceptAsync(listener, upstream, stop.Token);
        await Task.WhenAny(parentGone, accepting);
        await stop.CancelAsync();
        return 0;
    }

    private static async Task AcceptAsync(Socket listener, int? upstream, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var socket = await listener.AcceptAsync(cancellationToken);
            socket.NoDelay = true;
            _ = upstream is { } port ? RelayAsync(socket, port, cancellationToken) : EchoAsync(socket, cancellationToken);
        }
    }

    private static async Task EchoAsync(Socket socket, CancellationToken cancellationToken)
    {
        using (socket)
        {
            var buffer = new byte[BufferSize];
            try
            {
                int read;
                while ((read = await socket.ReceiveAsync(buffer, cancellationToken)) > 0)
                {
                    await SendAllAsync(socket, buffer.AsMemory(0, read), cancellationToken);
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                // The client went away.
            }
        }
    }

    private static async Task RelayAsync(Socket client, int port, CancellationToken cancellationToken)
    {
        using (client)
        using (var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true })
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                await Task.WhenAny(PumpAsync(client, server, cancellationToken), PumpAsync(server, client, cancellationToken));
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                // Either side went away.
            }
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, cancellationToken)) > 0)
            {
                await SendAllAsync(to, buffer.AsMemory(0, read), cancellationToken);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away.
        }
    }

    public static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, cancellationToken);
            data = data[sent..];
        }
    }
}
