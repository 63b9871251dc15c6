using Argon.Protocol;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;

namespace Argon.Fuzz;

/// <summary>
/// A connection's read loop over the input: frames with a small body limit, each decoded. The input arrives in
/// 7-byte segments so headers and bodies straddle segment ends, as they do on a socket.
/// </summary>
internal static class FrameTarget
{
    public const int MaxBodySize = 4096;
    private const int SegmentSize = 7;

    public static void Run(byte[] data)
    {
        var buffer = Chunked.Sequence(data, SegmentSize);
        try
        {
            while (FrameReader.TryRead(ref buffer, MaxBodySize, out var type, out var body))
            {
                MessageCodec.Read(type, body);
            }
        }
        catch (ProtocolException)
        {
            // A peer that breaks the protocol loses its connection; nothing else happens.
        }
    }
}
