using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Authentication;
using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Protocol.Security;
using Argon.Protocol.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Argon;

/// <summary>
/// A connection to an Argon manager (or a stand-alone worker), or to several managers
/// (<see cref="ArgonClientOptions.Managers"/>). Thread-safe: one client multiplexes any number of concurrent calls
/// over one authenticated connection per manager.
/// </summary>
public sealed partial class ArgonClient : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly ArgonClientOptions _options;
    private readonly SharedKey _key;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private long _nextId;
    private int _disposed;
    private ArgonConnectionException? _closed;

    private ArgonClient(ArgonClientOptions options, SharedKey key, ILogger logger, ManagerSlot[] managers, ClientLink?[] links)
    {
        _options = options;
        _key = key;
        _logger = logger;
        _managers = managers;
        _several = managers.Length > 1;
        var runs = new Task[managers.Length];
        for (var i = 0; i < managers.Length; i++)
        {
            var (slot, link) = (managers[i], links[i]);
            slot.Link = link;
            runs[i] = Task.Run(() => RunLinksAsync(slot, link));
        }

        _links = runs.Length == 1 ? runs[0] : Task.WhenAll(runs);
    }

    /// <summary>The name of the node this client is (or was last) connected to; with several managers, the first that takes calls.</summary>
    public string ServerNode => (_several ? FirstTakingCalls() ?? _managers[0] : _managers[0]).Node;

    /// <summary>
    /// True while a connection is up (with several managers: at least one); false while reconnecting, after the
    /// connection is lost for good, or once disposed.
    /// </summary>
    public bool IsConnected => Volatile.Read(ref _closed) is null && Array.Exists(_managers, static slot => slot.Link is not null);

    /// <summary>
    /// Connects and proves the shared key. With <see cref="ArgonClientOptions.Managers"/>, connects to all of them at
    /// once and succeeds when at least one is reached; the others are tried again in the background when
    /// <see cref="ArgonClientOptions.Reconnect"/> is on, and left out otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">An entry of <see cref="ArgonClientOptions.Managers"/> is not "host:port".</exception>
    /// <exception cref="ArgonAuthenticationException">The server holds another key (every manager, with several), or the key file cannot be read.</exception>
    /// <exception cref="ArgonConnectionException">The server cannot be reached or broke the handshake (with several: none could be reached; the message names each).</exception>
    public static async Task<ArgonClient> ConnectAsync(ArgonClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoints = ManagerEndpoint.FromOptions(options);
        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ArgonClient>();
        var key = LoadKey(options);
        if (endpoints.Count > 1)
        {
            return await ConnectSeveralAsync(options, endpoints, key, logger, cancellationToken).ConfigureAwait(false);
        }

        var link = await OpenLinkAsync(options, endpoints[0], key, logger, cancellationToken).ConfigureAwait(false);
        return new ArgonClient(options, key, logger, [new ManagerSlot(endpoints[0])], [link]);
    }

    /// <summary>Closes every connection; waiting and later calls fail with a Closed <see cref="ArgonConnectionException"/>. Only the first call does anything.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Close(new ArgonConnectionException(ArgonConnectionErrorKind.Closed, "The client was disposed."));
        foreach (var slot in _managers)
        {
            slot.Link?.Frames.CompleteSending();
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        await _links.ConfigureAwait(false);
        _shutdown.Dispose();
    }

    private static async Task<ClientLink> OpenLinkAsync(
        ArgonClientOptions options, ManagerEndpoint manager, SharedKey key, ILogger logger, CancellationToken cancellationToken)
    {
        var endpoint = manager.ToString();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            var name = options.Name ?? $"client@{Environment.MachineName}:{Environment.ProcessId}";
            var channel = await SecureConnector.ConnectAsync(manager.Host, manager.Port, key, PeerRole.Client, name, timeout.Token).ConfigureAwait(false);
            if (logger.IsEnabled(LogLevel.Information))
            {
                var safeNode = PeerText.Escape(channel.Welcome.Node);
                ClientLog.Connected(logger, endpoint, safeNode);
            }

            return new ClientLink(channel, new HeartbeatSettings(options.HeartbeatInterval, options.HeartbeatTimeout));
        }
        catch (KeyProofException ex)
        {
            throw new ArgonAuthenticationException($"Could not authenticate with {endpoint}: {ex.Message}", ex);
        }
        catch (SocketException ex)
        {
            throw new ArgonConnectionException(ArgonConnectionErrorKind.Unreachable, $"Cannot connect to {endpoint}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is ProtocolException or AuthenticationException or IOException)
        {
            throw new ArgonConnectionException(ArgonConnectionErrorKind.Protocol, $"Handshake with {endpoint} failed: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ArgonConnectionException(ArgonConnectionErrorKind.Unreachable,
                $"Could not connect to {endpoint} within {options.ConnectTimeout.TotalSeconds:0.#} s", ex);
        }
    }

    private static SharedKey LoadKey(ArgonClientOptions options)
    {
        if (string.IsNullOrEmpty(options.KeyFile))
        {
            throw new ArgonAuthenticationException("No key file: set ArgonClientOptions.KeyFile to the cluster's shared key file.");
        }

        try
        {
            return SharedKey.FromFile(options.KeyFile);
        }
        catch (KeyFileException ex)
        {
            throw new ArgonAuthenticationException(ex.Message, ex);
        }
    }

    /// <summary>Ends the client for good: every waiting call fails with <paramref name="reason"/>, and so does every later one.</summary>
    private void Close(ArgonConnectionException reason)
    {
        if (Interlocked.CompareExchange(ref _closed, reason, null) is not null)
        {
            return;
        }

        foreach (var slot in _managers)
        {
            slot.Credit.Fail(reason);
        }

        FailPending(null, reason);
        foreach (var slot in _managers)
        {
            slot.Ready.TrySetException(reason);
        }
    }

    /// <summary>Fails the calls waiting on <paramref name="slot"/> (on every manager when null).</summary>
    private void FailPending(ManagerSlot? slot, ArgonConnectionException reason)
    {
        foreach (var (id, call) in _pending)
        {
            if ((slot is null || call.Slot == slot) && _pending.TryRemove(new KeyValuePair<long, PendingCall>(id, call)))
            {
                call.Fail(reason);
            }
        }
    }

    private ValueTask HandleAsync(ManagerSlot slot, ClientLink link, Message message)
    {
        switch (message)
        {
            case Result result:
                Complete(result.Id, result);
                break;
            case Deny deny when link.Draining is { } draining:
                // Denied because the server is shutting down: a connection matter, not a want of capacity.
                Fail(deny.Id, draining);
                break;
            case Deny deny:
                Complete(deny.Id, deny);
                break;
            case StatusReply status:
                Complete(status.Id, status);
                break;
            case Heartbeat { IsReply: false } heartbeat:
                link.Frames.Send(heartbeat.Reply());
                break;
            case Heartbeat { IsReply: true } heartbeat:
                Complete(heartbeat.Timestamp, heartbeat);
                break;
            case Credit credit:
                slot.Credit.SetLimit(credit.Tasks);
                OnGranted(slot, link);
                break;
            case NeedCode need:
                AnswerNeedCode(link, need);
                break;
            case Drain drain:
                OnDrain(slot, link, drain.Reason);
                break;
            case Goodbye goodbye:
                OnGoodbye(slot, link, goodbye.Reason);
                break;
            default:
                throw new ProtocolException($"a client does not accept {message.Type} messages");
        }

        return ValueTask.CompletedTask;
    }

    private void Complete(long id, Message reply)
    {
        if (_pending.TryRemove(id, out var call))
        {
            call.Succeed(reply);
        }
    }

    private void Fail(long id, Exception error)
    {
        if (_pending.TryRemove(id, out var call))
        {
            call.Fail(error);
        }
    }

    /// <summary>Registers a call to <paramref name="slot"/>'s manager (with several managers, one the caller chose as taking calls).</summary>
    private (long Id, PendingCall Call) Register(ManagerSlot slot)
    {
        if (Volatile.Read(ref _closed) is { } closed)
        {
            throw closed;
        }

        if (!_several && !WaitsForServer && slot.Link?.Draining is { } draining)
        {
            throw draining;
        }

        var id = Interlocked.Increment(ref _nextId);
        var call = new PendingCall(slot);
        _pending[id] = call;

        // The connection may have closed between the check and the registration.
        if (Volatile.Read(ref _closed) is { } lost && _pending.TryRemove(id, out _))
        {
            throw lost;
        }

        return (id, call);
    }

    /// <summary>
    /// Sends a registered call's request. A connection that refuses it is closing: the call then fails with the one
    /// error every call on that connection gets, once its end is known, never with a message of its own.
    /// </summary>
    private void Send(ManagerSlot slot, long id, Message message)
    {
        var link = slot.Link;
        if (link is null)
        {
            // Between connections (Reconnect): the last one's loss, or the client's end.
            FailCall(id, Volatile.Read(ref _closed) ?? slot.LastLoss
                ?? new ArgonConnectionException(ArgonConnectionErrorKind.Lost, $"The connection to {slot.Endpoint} was lost."));
        }
        else if (link.Draining is { } draining && message is Submit)
        {
            // The server said Drain: no new call goes to it.
            FailCall(id, Volatile.Read(ref _closed) ?? draining);
        }
        else if (!link.Frames.Send(message))
        {
            _ = FailWhenEndedAsync(id, link);
        }
    }

    /// <summary>The call stays registered (so Close or FailPending may end it first, with the same error) until the connection's end is known.</summary>
    private async Task FailWhenEndedAsync(long id, ClientLink link)
    {
        var reason = await link.Ended.Task.ConfigureAwait(false);
        FailCall(id, reason);
    }

    private void FailCall(long id, ArgonConnectionException reason)
    {
        if (_pending.TryRemove(id, out var call))
        {
            call.Fail(reason);
        }
    }

    /// <summary>
    /// A connection is over: decides the one error its calls get (the client's own end if it is closing), keeps it
    /// for calls made before the next connection, and releases the calls that were waiting for it.
    /// </summary>
    private ArgonConnectionException LinkEnded(ManagerSlot slot, ClientLink link, ConnectionEnd end)
    {
        // After a server's Drain or Goodbye, whatever is still waiting hears that it shut down.
        var lost = Volatile.Read(ref _closed) ?? link.Draining
            ?? new ArgonConnectionException(ArgonConnectionErrorKind.Lost, _several
                ? $"The connection to the manager at {slot.Endpoint} ({link.Node}) was lost: {end.Reason}"
                : $"The connection to {link.Remote} was lost: {end.Reason}", end.Error);
        slot.LastLoss = lost;
        link.Ended.TrySetResult(lost);
        return lost;
    }
}
