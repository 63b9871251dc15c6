using System.Buffers.Binary;

namespace Argon.LinkDelay.Netlink;

/// <summary>
/// The nfnetlink_queue messages the delayer sends and reads (linux/netfilter/nfnetlink_queue.h): a netlink header
/// (host byte order), an nfgenmsg whose res_id is the queue number, then attributes whose payloads are big-endian.
/// </summary>
internal static class NfQueueMessages
{
    private const int HeaderLength = 16;
    private const int GenLength = 4;
    private const ushort SubsystemQueue = 3 << 8;
    private const ushort MessagePacket = SubsystemQueue | 0;
    private const ushort MessageVerdict = SubsystemQueue | 1;
    private const ushort MessageConfig = SubsystemQueue | 2;
    private const ushort NlmsgError = 2;
    private const ushort FlagRequest = 0x1;
    private const ushort FlagAck = 0x4;

    private const ushort AttrPacketHeader = 1;
    private const ushort AttrVerdictHeader = 2;
    private const ushort AttrConfigCommand = 1;
    private const ushort AttrConfigParams = 2;
    private const ushort AttrConfigQueueMaxLength = 3;
    private const byte CommandBind = 1;
    private const byte CopyMeta = 1;

    /// <summary>NF_DROP: the packet is freed, as if lost on the wire.</summary>
    public const uint Drop = 0;

    /// <summary>NF_ACCEPT: the packet goes on its way.</summary>
    public const uint Accept = 1;

    /// <summary>The length of one verdict message, so a batch buffer can be sized.</summary>
    public const int VerdictLength = HeaderLength + GenLength + 4 + 8;

    /// <summary>NFQNL_CFG_CMD_BIND for <paramref name="queue"/>, asking for an acknowledgement.</summary>
    public static int Bind(Span<byte> buffer, ushort queue, uint sequence)
    {
        var offset = Begin(buffer, queue);
        Attribute(buffer, ref offset, AttrConfigCommand, [CommandBind, 0, 0, 0]);
        return End(buffer, offset, MessageConfig, sequence, ack: true);
    }

    /// <summary>Copy mode META (the packet id, no payload) and the kernel queue's maximum length.</summary>
    public static int Configure(Span<byte> buffer, ushort queue, uint sequence, uint maxLength)
    {
        Span<byte> parameters = stackalloc byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(parameters, 0);
        parameters[4] = CopyMeta;
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, maxLength);
        var offset = Begin(buffer, queue);
        Attribute(buffer, ref offset, AttrConfigParams, parameters);
        Attribute(buffer, ref offset, AttrConfigQueueMaxLength, length);
        return End(buffer, offset, MessageConfig, sequence, ack: true);
    }

    /// <summary>An NFQNL_MSG_VERDICT for one packet; several go in one send.</summary>
    public static int Verdict(Span<byte> buffer, ushort queue, uint packetId, uint verdict)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, verdict);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], packetId);
        var offset = Begin(buffer, queue);
        Attribute(buffer, ref offset, AttrVerdictHeader, header);
        return End(buffer, offset, MessageVerdict, 0, ack: false);
    }

    /// <summary>The packet ids in a received buffer, and the first error of any acknowledgement in it (0 when none).</summary>
    public static int Read(ReadOnlySpan<byte> received, List<uint> packetIds)
    {
        var error = 0;
        while (received.Length >= HeaderLength)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(received);
            if (length < HeaderLength || length > received.Length)
            {
                break;
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(received[4..]);
            var message = received[..length];
            if (type == NlmsgError && length >= HeaderLength + 4 && error == 0)
            {
                error = -BinaryPrimitives.ReadInt32LittleEndian(message[HeaderLength..]);
            }
            else if (type == MessagePacket && PacketId(message[(HeaderLength + GenLength)..]) is { } id)
            {
                packetIds.Add(id);
            }

            received = received[Math.Min(Align(length), received.Length)..];
        }

        return error;
    }

    private static uint? PacketId(ReadOnlySpan<byte> attributes)
    {
        while (attributes.Length >= 4)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & 0x7fff;
            if (length < 4 || length > attributes.Length)
            {
                return null;
            }

            if (type == AttrPacketHeader && length >= 8)
            {
                return BinaryPrimitives.ReadUInt32BigEndian(attributes[4..]);
            }

            attributes = attributes[Math.Min(Align(length), attributes.Length)..];
        }

        return null;
    }

    /// <summary>Writes the nfgenmsg after room for the netlink header; returns where the attributes start.</summary>
    private static int Begin(Span<byte> buffer, ushort queue)
    {
        buffer[HeaderLength] = 0; // AF_UNSPEC
        buffer[HeaderLength + 1] = 0; // NFNETLINK_V0
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(HeaderLength + 2)..], queue);
        return HeaderLength + GenLength;
    }

    private static void Attribute(Span<byte> buffer, ref int offset, ushort type, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[offset..], (ushort)(4 + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[(offset + 2)..], type);
        payload.CopyTo(buffer[(offset + 4)..]);
        var end = offset + 4 + payload.Length;
        offset = Align(end);
        buffer[end..offset].Clear();
    }

    /// <summary>Fills in the netlink header now that the length is known; returns the message's length.</summary>
    private static int End(Span<byte> buffer, int length, ushort type, uint sequence, bool ack)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[6..], (ushort)(FlagRequest | (ack ? FlagAck : 0)));
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[8..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[12..], 0);
        return length;
    }

    private static int Align(int length) => (length + 3) & ~3;
}
