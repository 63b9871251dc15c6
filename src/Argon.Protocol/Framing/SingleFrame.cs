using System.Buffers;
using System.IO.Pipelines;
using Argon.Protocol.Messages;

namespace Argon.Protocol.Framing;

/// <summary>One frame at a time, for the handshake, where each side waits for the other.</summary>
public static class SingleFrame
{
    /// <summary>Writes one frame and flushes it.</summary>
    public static async ValueTask WriteAsync(PipeWriter output, Message message, CancellationToken cancellationToken = default)
    {
        FrameWriter.Write(output, message, new ArrayBufferWriter<byte>(256));
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="ProtocolException">The peer closed first, sent an oversized frame or a malformed one.</exception>
    public static async ValueTask<Message> ReadAsync(PipeReader input, int maxBodySize, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.End;
            try
            {
                if (FrameReader.TryRead(ref buffer, maxBodySize, out var type, out var body))
                {
                    // Only this frame is consumed, and nothing after it examined: a frame that came in the same read
                    // (the peer's next handshake frame, or its first frame after the handshake) is read at once.
                    consumed = examined = buffer.Start;
                    return MessageCodec.Read(type, body);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    throw new ProtocolException(buffer.IsEmpty
                        ? "the peer closed the connection during the handshake"
                        : "the peer closed the connection in the middle of a handshake frame");
                }
            }
            finally
            {
                input.AdvanceTo(consumed, examined);
            }
        }
    }

    /// <summary>Reads one handshake frame and expects a <typeparamref name="T"/>; a Refused or any other message is a <see cref="ProtocolException"/>.</summary>
    public static async ValueTask<T> ReadAsync<T>(PipeReader input, CancellationToken cancellationToken = default)
        where T : Message
    {
        var message = await ReadAsync(input, ProtocolConstants.MaxHandshakeFrameSize, cancellationToken).ConfigureAwait(false);
        return message as T ?? throw new ProtocolException(message is Refused refused
            ? PeerText.Escape(refused.Reason, PeerText.MaxReasonLength)
            : $"expected {typeof(T).Name} during the handshake, got {message.Type}");
    }
}
