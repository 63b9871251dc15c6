using System.Net;
using System.Net.Sockets;

namespace Argon.ChaosTests;

/// <summary>
/// A TCP relay on loopback between a worker and its manager that can cut the traffic the way a dead switch does:
/// while cut, bytes in both directions are read and dropped and no close is passed on, so each end sees silence,
/// never a FIN or a reset. Only heartbeats can tell either side that the other is gone.
/// </summary>
/// <remarks>
/// A connection that lived through a cut has lost bytes inside a TLS stream and can never carry traffic again; on
/// <see cref="Heal"/> both its ends are closed, as the first packet after a partition draws a reset. A connection
/// accepted while cut is held without reading, as if its SYN were still in flight, and relayed once healed.
/// </remarks>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Link> _links = [];
    private readonly List<Socket> _held = [];
    private readonly Task _accepting;
    private bool _cut;
    private int _accepted;

    public FaultProxy(int upstreamPort)
    {
        _upstream = new IPEndPoint(IPAddress.Loopback, upstreamPort);
        _listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The port the worker connects to instead of the manager's.</summary>
    public int Port { get; }

    /// <summary>How many connections the worker opened in all, cut or not: a worker that redials shows here at once.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Drops every byte in both directions, and every close, until <see cref="Heal"/>.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _cut = true;
            foreach (var link in _links)
            {
                link.Poisoned = true;
            }
        }
    }

    /// <summary>Lets traffic through again: connections that lived through the cut are reset, held ones are relayed.</summary>
    public void Heal()
    {
        List<Link> poisoned;
        List<Socket> held;
        lock (_gate)
        {
            _cut = false;
            poisoned = _links.Where(l => l.Poisoned).ToList();
            held = [.. _held];
            _held.Clear();
        }

        foreach (var link in poisoned)
        {
            link.Close();
        }

        foreach (var socket in held)
        {
            _ = Task.Run(() => RelayAsync(socket));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        lock (_gate)
        {
            foreach (var link in _links)
            {
                link.Close();
            }

            foreach (var socket in _held)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            lock (_gate)
            {
                if (_cut)
                {
                    _held.Add(client);
                    continue;
                }
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(_upstream, _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The manager is down: the worker sees its connection refused, as it would without the proxy.
            client.Dispose();
            server.Dispose();
            return;
        }

        var link = new Link(client, server);
        lock (_gate)
        {
            _links.Add(link);
            link.Poisoned = _cut;
        }

        await Task.WhenAll(PumpAsync(link, client, server), PumpAsync(link, server, client));
        lock (_gate)
        {
            _links.Remove(link);
        }
    }

    /// <summary>Copies one direction; while the link is poisoned, reads and drops, and keeps a close to itself.</summary>
    private async Task PumpAsync(Link link, Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (link.Poisoned)
                {
                    if (read == 0)
                    {
                        // The end closed during the cut: the other end must not hear of it until Heal resets both.
                        await link.Closed.Task.WaitAsync(_stop.Token);
                        return;
                    }

                    continue;
                }

                if (read == 0)
                {
                    break;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Reset, closed by Heal, or the proxy is stopping.
        }

        link.Close();
    }

    private sealed class Link(Socket client, Socket server)
    {
        public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private volatile bool _poisoned;

        /// <summary>True once the link has lived through a cut: it drops everything from then on.</summary>
        public bool Poisoned
        {
            get => _poisoned;
            set => _poisoned = value;
        }

        public void Close()
        {
            if (Closed.TrySetResult())
            {
                Reset(client);
                Reset(server);
            }
        }

        /// <summary>Closes with linger 0: a reset, as a peer that never heard of the connection would send.</summary>
        private static void Reset(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already reset by the other end.
            }

            socket.Dispose();
        }
    }
}
