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
/// A connection to an Argon manager (or a stand-alone worker). Thread-safe: one client multiplexes any
/// number of concurrent calls over one authenticated connection.
/// </summary>
public sealed partial class ArgonClient : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly CreditGate _credit = new();
    private readonly ArgonClientOptions _options;
    private readonly SharedKey _key;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private long _nextId;
    private ArgonConnectionException? _closed;
    private ArgonConnectionException? _lastLoss;

    private ArgonClient(ArgonClientOptions options, SharedKey key, ClientLink link, ILogger logger)
    {
        _options = options;
        _key = key;
        _logger = logger;
        _link = link;
        _lastNode = link.Node;
        _links = Task.Run(() => RunLinksAsync(link));
    }

    /// <summary>The name of the node this client is (or was last) connected to.</summary>
    public string ServerNode => Volatile.Read(ref _lastNode);

    /// <summary>True while a connection is up; false while reconnecting, after the connection is lost for good, or once disposed.</summary>
    public bool IsConnected => Volatile.Read(ref _closed) is null && Volatile.Read(ref _link) is not null;

    /// <summary>Connects and proves the shared key.</summary>
    /// <exception cref="ArgonAuthenticationException">The server holds another key, or the key file cannot be read.</exception>
    /// <exception cref="ArgonConnectionException">The server cannot be reached or broke the handshake.</exception>
    public static async Task<ArgonClient> ConnectAsync(ArgonClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ArgonClient>();
        var key = LoadKey(options);
        var link = await OpenLinkAsync(options, key, logger, cancellationToken).ConfigureAwait(false);
        return new ArgonClient(options, key, link, logger);
    }

    public async ValueTask DisposeAsync()
    {
        Close(new ArgonConnectionException(ArgonConnectionErrorKind.Closed, "The client was disposed."));
        Volatile.Read(ref _link)?.Frames.CompleteSending();
        await _shutdown.CancelAsync().ConfigureAwait(false);
        await _links.ConfigureAwait(false);
        _shutdown.Dispose();
    }

    private static async Task<ClientLink> OpenLinkAsync(ArgonClientOptions options, SharedKey key, ILogger logger, CancellationToken cancellationToken)
    {
        var endpoint = $"{options.Host}:{options.Port}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            var name = options.Name ?? $"client@{Environment.MachineName}:{Environment.ProcessId}";
            var channel = await SecureConnector.ConnectAsync(options.Host, options.Port, key, PeerRole.Client, name, timeout.Token).ConfigureAwait(false);
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

        _credit.Fail(reason);
        FailPending(reason);
        Volatile.Read(ref _linkReady).TrySetException(reason);
    }

    private void FailPending(ArgonConnectionException reason)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var call))
            {
                call.Fail(reason);
            }
        }
    }

    private ValueTask HandleAsync(ClientLink link, Message message)
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
                _credit.SetLimit(credit.Tasks);
                OnGranted(link);
                break;
            case NeedCode need:
                AnswerNeedCode(link, need);
                break;
            case Drain drain:
                OnDrain(link, drain.Reason);
                break;
            case Goodbye goodbye:
                OnGoodbye(link, goodbye.Reason);
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

    private (long Id, PendingCall Call) Register()
    {
        if (Volatile.Read(ref _closed) is { } closed)
        {
            throw closed;
        }

        if (!WaitsForServer && Volatile.Read(ref _link)?.Draining is { } draining)
        {
            throw draining;
        }

        var id = Interlocked.Increment(ref _nextId);
        var call = new PendingCall();
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
    private void Send(long id, Message message)
    {
        var link = Volatile.Read(ref _link);
        if (link is null)
        {
            // Between connections (Reconnect): the last one's loss, or the client's end.
            FailCall(id, Volatile.Read(ref _closed) ?? Volatile.Read(ref _lastLoss)
                ?? new ArgonConnectionException(ArgonConnectionErrorKind.Lost, $"The connection to {_options.Host}:{_options.Port} was lost."));
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
    private ArgonConnectionException LinkEnded(ClientLink link, ConnectionEnd end)
    {
        // After a server's Drain or Goodbye, whatever is still waiting hears that it shut down.
        var lost = Volatile.Read(ref _closed) ?? link.Draining
            ?? new ArgonConnectionException(ArgonConnectionErrorKind.Lost, $"The connection to {link.Remote} was lost: {end.Reason}", end.Error);
        Volatile.Write(ref _lastLoss, lost);
        link.Ended.TrySetResult(lost);
        return lost;
    }
}
