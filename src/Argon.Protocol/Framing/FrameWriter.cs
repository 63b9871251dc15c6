using System.Buffers;
using System.Buffers.Binary;
using Argon.Protocol.Messages;

namespace Argon.Protocol.Framing;

/// <summary>Writes one message as a frame. The body is encoded into a reusable scratch buffer so its length can lead.</summary>
public static class FrameWriter
{
    /// <summary>Writes <paramref name="message"/> as one frame to <paramref name="output"/>, encoding its body through <paramref name="scratch"/>; returns the frame's size in bytes.</summary>
    public static int Write(IBufferWriter<byte> output, Message message, ArrayBufferWriter<byte> scratch)
    {
        scratch.ResetWrittenCount();
        MessageCodec.Write(scratch, message);
        var body = scratch.WrittenSpan;
        var frameSize = ProtocolConstants.HeaderSize + body.Length;
        var span = output.GetSpan(frameSize);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)body.Length);
        span[4] = (byte)message.Type;
        body.CopyTo(span[ProtocolConstants.HeaderSize..]);
        output.Advance(frameSize);
        return frameSize;
    }
}
