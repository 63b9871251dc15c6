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
    private readonly SecureChannel _channel;
    private readonly FrameConnection _connection;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Task _run;
    private long _nextId;
    private ArgonConnectionException? _closed;

    private ArgonClient(ArgonClientOptions options, SecureChannel channel, ILogger logger)
    {
        _options = options;
        _channel = channel;
        _logger = logger;
        _connection = new FrameConnection(channel.Pipe, Math.Max(channel.Welcome.MaxFrameSize, ProtocolConstants.DefaultMaxFrameSize), channel.Remote);
        _run = Task.Run(RunAsync);
    }

    /// <summary>The name of the node this client is connected to.</summary>
    public string ServerNode => _channel.Welcome.Node;

    /// <summary>True until the connection is lost or the client is disposed.</summary>
    public bool IsConnected => Volatile.Read(ref _closed) is null;

    /// <summary>Connects and proves the shared key.</summary>
    /// <exception cref="ArgonAuthenticationException">The server holds another key, or the key file cannot be read.</exception>
    /// <exception cref="ArgonConnectionException">The server cannot be reached or broke the handshake.</exception>
    public static async Task<ArgonClient> ConnectAsync(ArgonClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ArgonClient>();
        var key = LoadKey(options);
        var endpoint = $"{options.Host}:{options.Port}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            var name = options.Name ?? $"client@{Environment.MachineName}:{Environment.ProcessId}";
            var channel = await SecureConnector.ConnectAsync(options.Host, options.Port, key, PeerRole.Client, name, timeout.Token).ConfigureAwait(false);
            ClientLog.Connected(logger, endpoint, channel.Welcome.Node);
            return new ArgonClient(options, channel, logger);
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

    public async ValueTask DisposeAsync()
    {
        Close(new ArgonConnectionException(ArgonConnectionErrorKind.Closed, "The client was disposed."));
        _connection.CompleteSending();
        await _shutdown.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        _shutdown.Dispose();
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
        catch (InvalidOperationException ex)
        {
            throw new ArgonAuthenticationException(ex.Message, ex);
        }
    }

    private async Task RunAsync()
    {
        ConnectionEnd end;
        try
        {
            end = await _connection.RunAsync(HandleAsync, _shutdown.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            end = ConnectionEnd.Faulted(ex.Message, ex);
        }

        Close(new ArgonConnectionException(ArgonConnectionErrorKind.Lost, $"The connection to {_channel.Remote} was lost: {end.Reason}", end.Error));
        if (!_shutdown.IsCancellationRequested)
        {
            ClientLog.ConnectionLost(_logger, _channel.Remote, end.Reason);
        }

        await _channel.DisposeAsync().ConfigureAwait(false);
    }

    private void Close(ArgonConnectionException reason)
    {
        if (Interlocked.CompareExchange(ref _closed, reason, null) is not null)
        {
            return;
        }

        _credit.Fail(reason);
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var call))
            {
                call.Fail(reason);
            }
        }
    }

    private ValueTask HandleAsync(Message message)
    {
        switch (message)
        {
            case Result result:
                Complete(result.Id, result);
                break;
            case Deny deny:
                Complete(deny.Id, deny);
                break;
            case StatusReply status:
                Complete(status.Id, status);
                break;
            case Heartbeat { IsReply: false } heartbeat:
                _connection.Send(heartbeat.Reply());
                break;
            case Heartbeat { IsReply: true } heartbeat:
                Complete(heartbeat.Timestamp, heartbeat);
                break;
            case Credit credit:
                _credit.SetLimit(credit.Tasks);
                break;
            case NeedCode need:
                AnswerNeedCode(need);
                break;
            case Drain or Goodbye:
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

    private (long Id, PendingCall Call) Register()
    {
        if (Volatile.Read(ref _closed) is { } closed)
        {
            throw closed;
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

    private void Send(long id, Message message)
    {
        if (!_connection.Send(message) && _pending.TryRemove(id, out var call))
        {
            call.Fail(Volatile.Read(ref _closed) ?? new ArgonConnectionException(ArgonConnectionErrorKind.Lost, "The connection is closing."));
        }
    }
}
