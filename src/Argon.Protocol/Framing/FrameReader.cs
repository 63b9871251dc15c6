using System.Buffers;
using System.Buffers.Binary;
using Argon.Protocol.Messages;

namespace Argon.Protocol.Framing;

/// <summary>
/// Reads frames: a 4-byte big-endian body length, a 1-byte message type, then the body.
/// The length is checked against the limit before anything is buffered for it.
/// </summary>
public static class FrameReader
{
    /// <exception cref="ProtocolException">The announced body is larger than <paramref name="maxBodySize"/>.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxBodySize, out MessageType type, out ReadOnlySequence<byte> body)
    {
        type = default;
        body = default;
        if (buffer.Length < ProtocolConstants.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[ProtocolConstants.HeaderSize];
        buffer.Slice(0, ProtocolConstants.HeaderSize).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > (uint)maxBodySize)
        {
            throw new ProtocolException($"frame of {length} bytes exceeds the limit of {maxBodySize} bytes");
        }

        if (buffer.Length < ProtocolConstants.HeaderSize + length)
        {
            return false;
        }

        type = (MessageType)header[4];
        body = buffer.Slice(ProtocolConstants.HeaderSize, length);
        buffer = buffer.Slice(body.End);
        return true;
    }
}
