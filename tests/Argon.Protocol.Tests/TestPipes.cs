using System.Buffers;
using System.IO.Pipelines;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Protocol.Tests;

/// <summary>In-memory transports and buffers for the protocol tests.</summary>
internal static class TestPipes
{
    /// <summary>How long any test waits for the other side before it fails instead of hanging.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Two pipes cross-wired: what one side writes, the other reads.</summary>
    public static (IDuplexPipe Left, IDuplexPipe Right) CreatePair()
    {
        var leftToRight = new Pipe();
        var rightToLeft = new Pipe();
        return (new DuplexPipe(rightToLeft.Reader, leftToRight.Writer), new DuplexPipe(leftToRight.Reader, rightToLeft.Writer));
    }

    /// <summary>The bytes of one frame per message, back to back.</summary>
    public static byte[] Frames(params Message[] messages)
    {
        var output = new ArrayBufferWriter<byte>();
        var scratch = new ArrayBufferWriter<byte>();
        foreach (var message in messages)
        {
            FrameWriter.Write(output, message, scratch);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>A frame header announcing <paramref name="length"/> body bytes of the given type.</summary>
    public static byte[] Header(uint length, byte type)
    {
        var header = new byte[ProtocolConstants.HeaderSize];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header, length);
        header[4] = type;
        return header;
    }

    /// <summary>The data as a sequence of several segments, cut at the given offsets.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] data, params int[] cuts)
    {
        var bounds = cuts.Append(data.Length).ToArray();
        var first = new Segment(data.AsMemory(0, bounds[0]), null);
        var last = first;
        for (var i = 1; i < bounds.Length; i++)
        {
            last = new Segment(data.AsMemory(bounds[i - 1], bounds[i] - bounds[i - 1]), last);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
