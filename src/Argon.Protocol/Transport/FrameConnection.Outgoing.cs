using Argon.Protocol.Messages;

namespace Argon.Protocol.Transport;

/// <summary>
/// The bound on what is queued for the peer: counted with interlocked adds on send and one subtraction per flush,
/// checked by the reader between frames. Sends never block and never fail because of it.
/// </summary>
public sealed partial class FrameConnection
{
    private readonly OutgoingLimits? _limits;
    private long _queuedFrames;
    private long _queuedBytes;
    private long _lastWritten = Environment.TickCount64;
    private int _readingPaused;
    private int _cutOff;
    private TaskCompletionSource? _room;

    /// <summary>Frames queued for the peer and not yet flushed.</summary>
    public long QueuedFrames => Volatile.Read(ref _queuedFrames);

    /// <summary>Approximate bytes queued for the peer and not yet flushed.</summary>
    public long QueuedBytes => Volatile.Read(ref _queuedBytes);

    /// <summary>
    /// Whether the connection was cut off because the peer does not take what is sent to it. Its transport should then
    /// be aborted rather than closed: a graceful close waits to write out what is left, which such a peer never reads.
    /// </summary>
    public bool IsCutOff => Volatile.Read(ref _sendError) is OutgoingBoundException || Volatile.Read(ref _cutOff) == 1;

    /// <summary>Whether the reader has stopped reading until the peer takes what is queued for it.</summary>
    public bool IsReadingPaused => Volatile.Read(ref _readingPaused) == 1;

    /// <summary>What a message counts against the bound: its payload plus a fixed overhead.</summary>
    internal static long CountedSize(Message message) => OutgoingLimits.FrameOverhead + message switch
    {
        Submit submit => submit.Payload.Length,
        Assign assign => assign.Payload.Length,
        Result result => result.Outcome.Payload.Length,
        Complete complete => complete.Outcome.Payload.Length,
        Code code => code.Bytes.Length,
        _ => 0,
    };

    /// <summary>Counts a queued message; past the close mark, cuts the connection off without waiting here.</summary>
    private void CountQueued(Message message)
    {
        var frames = Interlocked.Increment(ref _queuedFrames);
        var bytes = Interlocked.Add(ref _queuedBytes, CountedSize(message));
        if (_limits is { } limits && (frames >= limits.CloseAtFrames || bytes >= limits.CloseAtBytes))
        {
            Overflowed(frames, bytes);
        }
    }

    private void Overflowed(long frames, long bytes)
    {
        var error = new OutgoingBoundException(
            $"the peer is not reading its replies: {frames:N0} frames / {bytes:N0} bytes queued for it (the limit is {_limits!.CloseAtFrames:N0} frames / {_limits.CloseAtBytes:N0} bytes)");
        if (Interlocked.CompareExchange(ref _sendError, error, null) is not null)
        {
            return;
        }

        CompleteSending();

        // Sends run under their callers' locks: the reader is woken and cancelled from the thread pool, not here.
        ThreadPool.UnsafeQueueUserWorkItem(static connection => connection.StopReadingQuietly(), this, preferLocal: false);
    }

    private void StopReadingQuietly()
    {
        Volatile.Read(ref _room)?.TrySetResult();
        try
        {
            Volatile.Read(ref _stopReading)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection has already ended.
        }
    }

    /// <summary>The writer's flush took these off the queue; reading resumes once the queue is under the resume mark.</summary>
    private void CountWritten(long frames, long bytes)
    {
        Volatile.Write(ref _lastWritten, Environment.TickCount64);
        if (frames == 0)
        {
            return;
        }

        var leftFrames = Interlocked.Add(ref _queuedFrames, -frames);
        var leftBytes = Interlocked.Add(ref _queuedBytes, -bytes);
        if (_limits is { } limits && leftFrames < limits.ResumeBelowFrames && leftBytes < limits.ResumeBelowBytes)
        {
            Volatile.Read(ref _room)?.TrySetResult();
        }
    }

    private bool IsOverPauseMark(OutgoingLimits limits) =>
        Volatile.Read(ref _queuedFrames) >= limits.PauseAtFrames || Volatile.Read(ref _queuedBytes) >= limits.PauseAtBytes;

    private bool IsUnderResumeMark(OutgoingLimits limits) =>
        Volatile.Read(ref _queuedFrames) < limits.ResumeBelowFrames && Volatile.Read(ref _queuedBytes) < limits.ResumeBelowBytes;

    /// <summary>
    /// Stops reading until the writer has brought the queue under the resume mark; throws when the peer has taken
    /// nothing for the stuck limit. While paused the peer's silence is not held against it (its frames wait unread).
    /// </summary>
    private async ValueTask WaitForRoomAsync(OutgoingLimits limits, CancellationToken cancellationToken)
    {
        var room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pausedAt = Environment.TickCount64;
        Volatile.Write(ref _readingPaused, 1);
        Interlocked.Exchange(ref _room, room);
        try
        {
            var check = limits.StuckAfter < TimeSpan.FromSeconds(4) ? limits.StuckAfter / 4 : TimeSpan.FromSeconds(1);
            while (!IsUnderResumeMark(limits) && Volatile.Read(ref _sendError) is null)
            {
                try
                {
                    await room.Task.WaitAsync(check, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    var stuckMs = Environment.TickCount64 - Math.Max(pausedAt, Volatile.Read(ref _lastWritten));
                    if (stuckMs >= limits.StuckAfter.TotalMilliseconds)
                    {
                        Volatile.Write(ref _cutOff, 1);
                        throw new OutgoingBoundException(
                            $"the peer has not read its replies for {stuckMs / 1000.0:0.0} s; {QueuedFrames:N0} frames / {QueuedBytes:N0} bytes queued for it");
                    }
                }
            }

            if (Volatile.Read(ref _sendError) is OutgoingBoundException cutOff)
            {
                throw new OutgoingBoundException(cutOff.Message);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            Interlocked.Exchange(ref _room, null);
            Volatile.Write(ref _lastReceived, Environment.TickCount64);
            Volatile.Write(ref _readingPaused, 0);
        }
    }

    /// <summary>Drops whatever is still queued (the connection has ended), so its memory goes with it.</summary>
    private void ForgetQueued()
    {
        Volatile.Write(ref _queuedFrames, 0);
        Volatile.Write(ref _queuedBytes, 0);
    }

    /// <summary>The connection was cut off because the peer does not take what is sent to it.</summary>
    private sealed class OutgoingBoundException(string message) : Exception(message);
}
