using System.Buffers;
using System.IO.Pipelines;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;

namespace Argon.Protocol.Tests.Framing;

public sealed class FrameReaderTests
{
    private const int Limit = ProtocolConstants.DefaultMaxFrameSize;

    [Fact]
    public async Task TryRead_WhenSeveralFramesArriveInOneBuffer_ReadsEachInOrder()
    {
        var pipe = new Pipe();
        var scratch = new ArrayBufferWriter<byte>();
        FrameWriter.Write(pipe.Writer, new Heartbeat { Timestamp = 1 }, scratch);
        FrameWriter.Write(pipe.Writer, new Credit { Tasks = 2 }, scratch);
        FrameWriter.Write(pipe.Writer, new Goodbye { Reason = "three" }, scratch);
        await pipe.Writer.FlushAsync();

        var result = await pipe.Reader.ReadAsync().AsTask().WaitAsync(TestPipes.Timeout);
        var buffer = result.Buffer;
        var messages = new List<Message>();
        while (FrameReader.TryRead(ref buffer, Limit, out var type, out var body))
        {
            messages.Add(MessageCodec.Read(type, body));
        }

        pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
        Assert.True(buffer.IsEmpty);
        Assert.Collection(
            messages,
            m => Assert.Equal(1, Assert.IsType<Heartbeat>(m).Timestamp),
            m => Assert.Equal(2, Assert.IsType<Credit>(m).Tasks),
            m => Assert.Equal("three", Assert.IsType<Goodbye>(m).Reason));
    }

    [Fact]
    public async Task TryRead_WhenFrameArrivesInPieces_WaitsForTheWholeFrame()
    {
        var frame = TestPipes.Frames(new Drain { Reason = new string('x', 300) });
        var pipe = new Pipe();

        // Header split in two, then the body in two: only the last write completes the frame.
        int[] cuts = [2, ProtocolConstants.HeaderSize, 100, frame.Length];
        var written = 0;
        Message? message = null;
        foreach (var cut in cuts)
        {
            await pipe.Writer.WriteAsync(frame.AsMemory(written, cut - written));
            written = cut;

            var result = await pipe.Reader.ReadAsync().AsTask().WaitAsync(TestPipes.Timeout);
            var buffer = result.Buffer;
            if (FrameReader.TryRead(ref buffer, Limit, out var type, out var body))
            {
                message = MessageCodec.Read(type, body);
            }

            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
            Assert.Equal(cut == frame.Length, message is not null);
        }

        Assert.Equal(new string('x', 300), Assert.IsType<Drain>(message).Reason);
    }

    [Fact]
    public void TryRead_WhenFrameIsSplitAcrossSegments_ReadsItAtEveryCut()
    {
        var frames = TestPipes.Frames(new Register { NodeId = "w1", Capacity = 4, AllowEval = true, Version = "1.0" }, new Credit { Tasks = 9 });
        for (var cut = 1; cut < frames.Length; cut++)
        {
            var buffer = TestPipes.Segmented(frames, cut);
            Assert.False(buffer.IsSingleSegment);

            Assert.True(FrameReader.TryRead(ref buffer, Limit, out var firstType, out var firstBody));
            var register = Assert.IsType<Register>(MessageCodec.Read(firstType, firstBody));
            Assert.Equal("w1", register.NodeId);
            Assert.True(FrameReader.TryRead(ref buffer, Limit, out var secondType, out var secondBody));
            Assert.Equal(9, Assert.IsType<Credit>(MessageCodec.Read(secondType, secondBody)).Tasks);
            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    public void TryRead_WhenHeaderSpansThreeSegments_ReadsTheFrame()
    {
        var frame = TestPipes.Frames(new Heartbeat { Timestamp = 42, IsReply = true });
        var buffer = TestPipes.Segmented(frame, 1, 3, 6);

        Assert.True(FrameReader.TryRead(ref buffer, Limit, out var type, out var body));

        var heartbeat = Assert.IsType<Heartbeat>(MessageCodec.Read(type, body));
        Assert.Equal(42, heartbeat.Timestamp);
        Assert.True(heartbeat.IsReply);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void TryRead_WhenHeaderIsPartial_ReturnsFalseAndConsumesNothing(int length)
    {
        var frame = TestPipes.Frames(new Credit { Tasks = 1 });
        var buffer = new ReadOnlySequence<byte>(frame, 0, length);

        Assert.False(FrameReader.TryRead(ref buffer, Limit, out _, out _));
        Assert.Equal(length, buffer.Length);
    }

    [Fact]
    public void TryRead_WhenBodyIsPartial_ReturnsFalseAndConsumesNothing()
    {
        var frame = TestPipes.Frames(new Goodbye { Reason = "bye" });
        var buffer = new ReadOnlySequence<byte>(frame, 0, frame.Length - 1);

        Assert.False(FrameReader.TryRead(ref buffer, Limit, out _, out _));
        Assert.Equal(frame.Length - 1, buffer.Length);
    }

    [Fact]
    public void TryRead_WhenBodyIsEmpty_ReadsAnEmptyBody()
    {
        var buffer = new ReadOnlySequence<byte>(TestPipes.Header(0, (byte)MessageType.Credit));

        Assert.True(FrameReader.TryRead(ref buffer, Limit, out var type, out var body));
        Assert.Equal(MessageType.Credit, type);
        Assert.True(body.IsEmpty);
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData(101u)]
    [InlineData(uint.MaxValue)]
    public void TryRead_WhenLengthOverLimit_ThrowsBeforeTheBodyArrives(uint announced)
    {
        // Only the header: the limit is enforced without waiting for (or buffering) the body.
        var buffer = new ReadOnlySequence<byte>(TestPipes.Header(announced, (byte)MessageType.Submit));

        var error = Assert.Throws<ProtocolException>(() => FrameReader.TryRead(ref buffer, 100, out _, out _));

        Assert.Contains("exceeds the limit of 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_WhenLengthIsExactlyTheLimit_ReadsTheFrame()
    {
        var body = new byte[100];
        var buffer = new ReadOnlySequence<byte>([.. TestPipes.Header(100, (byte)MessageType.Submit), .. body]);

        Assert.True(FrameReader.TryRead(ref buffer, 100, out _, out var read));
        Assert.Equal(100, read.Length);
    }

    [Fact]
    public void Write_ReturnsTheFrameSizeAndPrefixesTheBodyLength()
    {
        var output = new ArrayBufferWriter<byte>();
        var message = new Goodbye { Reason = "done" };

        var size = FrameWriter.Write(output, message, new ArrayBufferWriter<byte>());

        Assert.Equal(output.WrittenCount, size);
        var bytes = output.WrittenSpan;
        Assert.Equal((uint)(size - ProtocolConstants.HeaderSize), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes));
        Assert.Equal((byte)MessageType.Goodbye, bytes[4]);
    }

    [Fact]
    public void Write_ReusesTheScratchBufferWithoutLeakingThePreviousBody()
    {
        var scratch = new ArrayBufferWriter<byte>();
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.Write(output, new Goodbye { Reason = new string('a', 500) }, scratch);
        var firstLength = output.WrittenCount;
        FrameWriter.Write(output, new Goodbye { Reason = "b" }, scratch);

        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory[firstLength..]);
        Assert.True(FrameReader.TryRead(ref buffer, Limit, out var type, out var body));
        Assert.Equal("b", Assert.IsType<Goodbye>(MessageCodec.Read(type, body)).Reason);
        Assert.True(buffer.IsEmpty);
    }
}
