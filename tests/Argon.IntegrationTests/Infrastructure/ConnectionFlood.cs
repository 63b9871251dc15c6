using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>
/// An attacker without the key: slots that each hold one connection to a server from a given loopback source address
/// (Linux routes all of 127.0.0.0/8 to lo), either a bare TCP connection that never sends a byte, or one that finishes
/// TLS and then sends nothing, never a key proof. When the server closes a slot's connection, the slot opens another
/// after about <see cref="ReopenDelay"/>, at most <see cref="MaxRoundsPerSlot"/> times, until disposed. Disposing
/// closes every socket and waits for every slot.
/// </summary>
internal sealed class ConnectionFlood(int port) : IAsyncDisposable
{
    public const int MaxRoundsPerSlot = 200;

    public static readonly TimeSpan ReopenDelay = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _slots = [];
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private int _connected;
    private int _tlsDone;
    private int _closedByServer;
    private int _failed;

    /// <summary>Sockets connected or connecting right now.</summary>
    public int Open => _sockets.Count;

    /// <summary>TCP connections made, in all.</summary>
    public int Connected => Volatile.Read(ref _connected);

    /// <summary>TLS handshakes finished, in all.</summary>
    public int TlsDone => Volatile.Read(ref _tlsDone);

    /// <summary>Connections the server closed (at once when refused, or at its handshake deadline).</summary>
    public int ClosedByServer => Volatile.Read(ref _closedByServer);

    /// <summary>Connects or TLS handshakes that failed (the server closed the connection before TLS finished).</summary>
    public int Failed => Volatile.Read(ref _failed);

    public override string ToString() =>
        $"open {Open}, connected {Connected}, TLS done {TlsDone}, closed by the server {ClosedByServer}, failed {Failed}";

    /// <summary>Starts <paramref name="count"/> slots from <paramref name="source"/> that send nothing at all.</summary>
    public void StartSilent(IPAddress source, int count) => Start(source, count, tls: false);

    /// <summary>Starts <paramref name="count"/> slots from <paramref name="source"/> that finish TLS and then send nothing.</summary>
    public void StartTls(IPAddress source, int count) => Start(source, count, tls: true);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var socket in _sockets.Keys)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_slots).WaitAsync(Limits.Call);
        _stop.Dispose();
    }

    private void Start(IPAddress source, int count, bool tls)
    {
        for (var i = 0; i < count; i++)
        {
            _slots.Add(RunSlotAsync(source, tls));
        }
    }

    private async Task RunSlotAsync(IPAddress source, bool tls)
    {
        var buffer = new byte[256];
        for (var round = 0; round < MaxRoundsPerSlot && !_stop.IsCancellationRequested; round++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _sockets.TryAdd(socket, 0);
            SslStream? ssl = null;
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                using (var connect = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                {
                    connect.CancelAfter(Limits.Call);
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), connect.Token);
                    Interlocked.Increment(ref _connected);
                    if (tls)
                    {
                        ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
                        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                        {
                            TargetHost = "argon",
                            EnabledSslProtocols = SslProtocols.Tls13,
                            // An attacker takes any certificate; there is no key proof to check it against anyway.
#pragma warning disable CA5359
                            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
                        }, connect.Token);
                        Interlocked.Increment(ref _tlsDone);
                    }
                }

                // Send nothing; wait for the server to close (0 bytes, or a reset).
                while ((ssl is null ? await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token) : await ssl.ReadAsync(buffer, _stop.Token)) > 0)
                {
                }

                Interlocked.Increment(ref _closedByServer);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException or OperationCanceledException)
            {
                Interlocked.Increment(ref _failed);
            }
            finally
            {
                _sockets.TryRemove(socket, out _);
                if (ssl is not null)
                {
                    await ssl.DisposeAsync();
                }

                socket.Dispose();
            }

            try
            {
                await Task.Delay(ReopenDelay * (0.5 + Random.Shared.NextDouble()), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
