using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;

namespace Argon.Protocol.Transport;

/// <summary>
/// An authenticated connection carrying frames. Sends go through one outgoing queue drained by a single
/// writer that coalesces every queued frame into one flush; a single reader decodes frames and hands each
/// message to the handler in order.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001",
    Justification = "_writing is a SemaphoreSlim whose wait handle is never asked for, so it holds nothing to dispose.")]
public sealed partial class FrameConnection : IMessageSender
{
    private const int FlushThreshold = 256 * 1024;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    // Unbounded as a channel, because senders must never block or fail under their locks; what a peer that does
    // not read can make pile up is bounded by OutgoingLimits instead (FrameConnection.Outgoing.cs).
    private readonly Channel<Message> _outgoing = Channel.CreateUnbounded<Message>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    /// <summary>Held by whoever writes to the transport: the writer loop for a batch, or a flushed send written inline.</summary>
    private readonly SemaphoreSlim _writing = new(1, 1);

    /// <summary>The frame encoder's scratch buffer, used under <see cref="_writing"/>.</summary>
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);

    private readonly IDuplexPipe _pipe;
    private readonly int _maxFrameSize;
    private readonly HeartbeatSettings? _heartbeat;
    private Exception? _sendError;
    private CancellationTokenSource? _stopReading;
    private int _sendingClosed;
    private string? _endReason;
    private long _unreadBytes;
    private long _lastReceived = Environment.TickCount64;
    private long _silentForMs;

    /// <param name="pipe">The authenticated transport.</param>
    /// <param name="maxFrameSize">The largest frame body accepted from the peer.</param>
    /// <param name="remote">The peer's address, for logs.</param>
    /// <param name="heartbeat">When set, a keep-alive leaves every interval and a peer silent past the timeout ends the connection.</param>
    /// <param name="limits">
    /// When set, reading pauses while too much is queued for the peer, and a peer that does not take it is cut off.
    /// For the accepting side; the connecting side's own queue is bounded by its credit, and it must keep reading.
    /// </param>
    public FrameConnection(IDuplexPipe pipe, int maxFrameSize, string remote, HeartbeatSettings? heartbeat = null, OutgoingLimits? limits = null)
    {
        _pipe = pipe;
        _maxFrameSize = maxFrameSize;
        _heartbeat = heartbeat;
        _limits = limits;
        Remote = remote;
    }

    /// <summary>The peer's address, for logs.</summary>
    public string Remote { get; }

    /// <summary>Queues a message; false once the connection is closing.</summary>
    public bool Send(Message message)
    {
        if (!_outgoing.Writer.TryWrite(message))
        {
            return false;
        }

        CountQueued(message);
        return true;
    }

    /// <summary>Stops accepting sends; the writer drains what was queued, then completes.</summary>
    public void CompleteSending()
    {
        Volatile.Write(ref _sendingClosed, 1);
        _outgoing.Writer.TryComplete();
    }

    /// <summary>
    /// Ends the connection from this side, gracefully: nothing more is read or accepted for sending, what is queued is
    /// written, then the transport closes and <see cref="RunAsync"/> returns <paramref name="reason"/>. For a peer
    /// that said Goodbye: it sends nothing after it and waits for this side to close, so neither side closes with
    /// frames unread (which would reset the connection).
    /// </summary>
    public void End(string reason)
    {
        Interlocked.CompareExchange(ref _endReason, reason, null);
        CompleteSending();
        try
        {
            Volatile.Read(ref _stopReading)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection has already ended.
        }
    }

    /// <summary>
    /// Runs the reader and writer until the peer closes, a protocol error occurs, or the token fires.
    /// Returns why the connection ended; the caller logs it.
    /// </summary>
    public async Task<ConnectionEnd> RunAsync(Func<Message, ValueTask> handler, CancellationToken cancellationToken = default)
    {
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Volatile.Write(ref _stopReading, stopReading);

        // The writer outlives the reader by a bounded drain, so a Goodbye or the last results still leave on shutdown.
        using var stopWriting = new CancellationTokenSource();
        var writer = WriteLoopAsync(stopReading, stopWriting.Token);
        var keepAlive = _heartbeat is null ? Task.CompletedTask : KeepAliveLoopAsync(_heartbeat, stopReading);
        ConnectionEnd end;
        try
        {
            await ReadLoopAsync(handler, stopReading.Token).ConfigureAwait(false);
            end = ConnectionEnd.Closed("the peer closed the connection");
        }
        catch (Exception ex) when (ex is ProtocolException or OutgoingBoundException)
        {
            end = ConnectionEnd.Faulted(ex.Message, ex);
        }
        catch (OperationCanceledException) when (stopReading.IsCancellationRequested)
        {
            end = Volatile.Read(ref _sendError) switch
            {
                null when Volatile.Read(ref _silentForMs) is > 0 and var silentMs => ConnectionEnd.Closed(
                    $"the peer was silent for {silentMs / 1000.0:0.0} s (heartbeat timeout {_heartbeat!.Timeout.TotalSeconds:0.0} s)"),
                null when Volatile.Read(ref _endReason) is { } reason => ConnectionEnd.Closed(reason),
                null => ConnectionEnd.Closed("the connection was shut down"),
                OutgoingBoundException error => ConnectionEnd.Faulted(error.Message, error),
                var error when error is IOException or ObjectDisposedException or InvalidOperationException =>
                    ConnectionEnd.Closed($"the connection was lost: {error.Message}"),
                var error => ConnectionEnd.Faulted($"a message could not be sent: {error.Message}", error),
            };
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // A peer that sends half a frame and then drops (or resets) the connection broke the protocol too.
            var unread = Volatile.Read(ref _unreadBytes);
            end = unread > 0
                ? ConnectionEnd.Faulted($"the peer dropped the connection in the middle of a frame ({unread} bytes unread): {ex.Message}", ex)
                : ConnectionEnd.Closed($"the connection was lost: {ex.Message}");
        }
        catch (Exception ex)
        {
            // A message that decoded but cannot be acted on (missing fields, a handler's bug): end this connection only.
            end = ConnectionEnd.Faulted($"a {ex.GetType().Name} while handling a message: {ex.Message}", ex);
        }

        CompleteSending();
        await stopReading.CancelAsync().ConfigureAwait(false);
        await keepAlive.ConfigureAwait(false);
        try
        {
            // A peer that stopped answering will not read the drain either.
            var peerNotReading = Volatile.Read(ref _silentForMs) > 0 || end.Error is OutgoingBoundException;
            await writer.WaitAsync(peerNotReading ? TimeSpan.Zero : DrainTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is gone or not reading; nothing more can reach it.
        }

        await stopWriting.CancelAsync().ConfigureAwait(false);
        await CompleteQuietlyAsync(_pipe.Input.CompleteAsync).ConfigureAwait(false);

        // A flushed send written inline may still hold the transport; the output is completed once it is done (or stuck).
        // Completing an output normally writes out what it still buffers, which waits forever on a peer that does not
        // read: completed with an error, it drops it instead.
        var released = await _writing.WaitAsync(DrainTimeout, CancellationToken.None).ConfigureAwait(false);
        var notReading = end.Error is OutgoingBoundException ? new IOException(end.Reason) : null;
        await CompleteQuietlyAsync(_ => _pipe.Output.CompleteAsync(notReading)).ConfigureAwait(false);
        Volatile.Write(ref _stopReading, null);
        if (released)
        {
            _writing.Release();
        }

        return end;
    }

    private async Task ReadLoopAsync(Func<Message, ValueTask> handler, CancellationToken cancellationToken)
    {
        var input = _pipe.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _lastReceived, Environment.TickCount64);
            var buffer = result.Buffer;
            try
            {
                while (FrameReader.TryRead(ref buffer, _maxFrameSize, out var type, out var body))
                {
                    await handler(MessageCodec.Read(type, body)).ConfigureAwait(false);
                    if (_limits is { } limits && IsOverPauseMark(limits))
                    {
                        await WaitForRoomAsync(limits, cancellationToken).ConfigureAwait(false);
                    }
                }

                Volatile.Write(ref _unreadBytes, buffer.Length);

                if (result.IsCompleted || result.IsCanceled)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new ProtocolException($"the peer closed the connection in the middle of a frame ({buffer.Length} bytes unread)");
                    }

                    return;
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private async Task WriteLoopAsync(CancellationTokenSource stopReading, CancellationToken cancellationToken)
    {
        var output = _pipe.Output;
        var reader = _outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await WriteQueuedAsync(output, reader, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _writing.Release();
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await FailSendingAsync(ex, stopReading).ConfigureAwait(false);
        }
        finally
        {
            // Whoever waits for a flush behind what was not written hears that it never will be; the rest is dropped.
            while (reader.TryRead(out var left))
            {
                (left as FlushMark)?.Written.TrySetResult(false);
            }

            ForgetQueued();
        }
    }

    /// <summary>Writes every queued frame, flushing at each mark, past the threshold, and at the end.</summary>
    private async Task WriteQueuedAsync(PipeWriter output, ChannelReader<Message> reader, CancellationToken cancellationToken)
    {
        var unflushed = 0;
        long frames = 0;
        long bytes = 0;
        while (reader.TryRead(out var message))
        {
            frames++;
            bytes += CountedSize(message);
            if (message is FlushMark mark)
            {
                await FlushAsync(output, cancellationToken).ConfigureAwait(false);
                CountWritten(frames, bytes);
                (frames, bytes, unflushed) = (0, 0, 0);
                mark.Written.TrySetResult(true);
                continue;
            }

            unflushed += FrameWriter.Write(output, message, _scratch);
            if (unflushed >= FlushThreshold)
            {
                await FlushAsync(output, cancellationToken).ConfigureAwait(false);
                CountWritten(frames, bytes);
                (frames, bytes, unflushed) = (0, 0, 0);
            }
        }

        await FlushAsync(output, cancellationToken).ConfigureAwait(false);
        CountWritten(frames, bytes);
    }

    /// <summary>Nothing queued after a failed write can arrive: end the whole connection rather than go silent.</summary>
    private async Task FailSendingAsync(Exception error, CancellationTokenSource? stopReading)
    {
        Interlocked.CompareExchange(ref _sendError, error, null);
        CompleteSending();
        if (stopReading is null)
        {
            return;
        }

        try
        {
            await stopReading.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // RunAsync has already returned.
        }
    }

    /// <summary>A place in the outgoing queue, not a frame: the writer flushes when it reaches it, then says so.</summary>
    private sealed class FlushMark : Message
    {
        public override MessageType Type => default;

        public TaskCompletionSource<bool> Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Probes the peer when nothing has arrived for an interval (its answer, or any other frame, proves it alive);
    /// ends the connection when nothing has arrived for the timeout. A busy connection sends no probes.
    /// </summary>
    private async Task KeepAliveLoopAsync(HeartbeatSettings heartbeat, CancellationTokenSource stopReading)
    {
        using var timer = new PeriodicTimer(heartbeat.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopReading.Token).ConfigureAwait(false))
            {
                if (IsReadingPaused)
                {
                    // The peer's frames wait unread while it is not taking ours; the bound, not the heartbeat, judges it.
                    continue;
                }

                var silentMs = Environment.TickCount64 - Volatile.Read(ref _lastReceived);
                if (silentMs > heartbeat.Timeout.TotalMilliseconds)
                {
                    Volatile.Write(ref _silentForMs, silentMs);
                    await stopReading.CancelAsync().ConfigureAwait(false);
                    return;
                }

                if (silentMs >= heartbeat.Interval.TotalMilliseconds)
                {
                    Send(Heartbeat.KeepAlive);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended.
        }
    }

    /// <summary>
    /// Completing a transport whose peer is dead can throw what the stream throws (a broken pipe, or "another
    /// write operation is pending" when a write was cut off); the connection has already ended with its reason.
    /// </summary>
    private static async ValueTask CompleteQuietlyAsync(Func<Exception?, ValueTask> complete)
    {
        try
        {
            await complete(null).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            // Nothing more can be written to a peer that is gone.
        }
    }

    private static async ValueTask FlushAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flush.IsCompleted)
        {
            throw new IOException("the peer stopped reading");
        }
    }
}
