using System.Buffers;
using Argon.Protocol;
using Argon.Protocol.Messages;

namespace Argon.Fuzz;

/// <summary>One message body: the first byte is the message type, the rest is the body.</summary>
internal static class MessageTarget
{
    public static void Run(byte[] data)
    {
        if (data.Length == 0)
        {
            return;
        }

        try
        {
            MessageCodec.Read((MessageType)data[0], new ReadOnlySequence<byte>(data, 1, data.Length - 1));
        }
        catch (ProtocolException)
        {
            // A malformed body is the peer's fault and closes its connection.
        }
    }
}
