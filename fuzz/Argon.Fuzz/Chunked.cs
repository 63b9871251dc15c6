using System.Buffers;

namespace Argon.Fuzz;

/// <summary>Bytes as a sequence of fixed-size segments, the way a socket hands them over in pieces.</summary>
internal static class Chunked
{
    public static ReadOnlySequence<byte> Sequence(byte[] data, int segmentSize)
    {
        if (data.Length <= segmentSize)
        {
            return new ReadOnlySequence<byte>(data);
        }

        var first = new Segment(data.AsMemory(0, segmentSize), null);
        var last = first;
        for (var start = segmentSize; start < data.Length; start += segmentSize)
        {
            last = new Segment(data.AsMemory(start, Math.Min(segmentSize, data.Length - start)), last);
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
