using Argon.Protocol.Framing;
using Argon.Protocol.Messages;

namespace Argon.Protocol.Transport;

/// <summary>Sends that complete only once the frame is on the transport.</summary>
public sealed partial class FrameConnection
{
    /// <summary>
    /// Sends a message and completes once it, and everything queued before it, has been written to the
    /// transport: true then, false if the connection closed first. For a sender about to do something that may
    /// end its process before the writer gets round to it.
    /// When nothing is queued and no batch is being written, the frame is written and flushed on the caller's
    /// thread, with no hand-off to the writer loop; otherwise it queues behind what is there.
    /// </summary>
    public Task<bool> SendFlushedAsync(Message message)
    {
        if (!_outgoing.Reader.TryPeek(out _) && _writing.Wait(0))
        {
            if (!_outgoing.Reader.TryPeek(out _))
            {
                return WriteInlineAsync(message);
            }

            _writing.Release();
        }

        var mark = new FlushMark();
        return Send(message) && Send(mark) ? mark.Written.Task : Task.FromResult(false);
    }

    /// <summary>Writes and flushes one frame while holding the transport (taken by the caller), then lets it go.</summary>
    private async Task<bool> WriteInlineAsync(Message message)
    {
        try
        {
            if (Volatile.Read(ref _sendingClosed) == 1)
            {
                return false;
            }

            FrameWriter.Write(_pipe.Output, message, _scratch);
            await FlushAsync(_pipe.Output, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            await FailSendingAsync(ex, Volatile.Read(ref _stopReading)).ConfigureAwait(false);
            return false;
        }
        finally
        {
            _writing.Release();
        }
    }
}
