using System.IO.Pipelines;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;

namespace Argon.Protocol.Tests.Framing;

public sealed class SingleFrameTests
{
    [Fact]
    public async Task ReadAsync_WhenTwoFramesArriveInOneWrite_ReadsTheSecondWithoutWaitingForMore()
    {
        // A peer may write its handshake frame and its next frame in one TCP segment; the second must not wait
        // (until the handshake deadline) for bytes that are already here.
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(TestPipes.Frames(new Proof { Mac = new byte[32] }, new Credit { Tasks = 7 }));

        var first = await SingleFrame.ReadAsync(pipe.Reader, ProtocolConstants.MaxHandshakeFrameSize).AsTask().WaitAsync(TestPipes.Timeout);
        var second = await SingleFrame.ReadAsync(pipe.Reader, ProtocolConstants.MaxHandshakeFrameSize).AsTask().WaitAsync(TestPipes.Timeout);

        Assert.IsType<Proof>(first);
        Assert.Equal(7, Assert.IsType<Credit>(second).Tasks);
    }

    [Fact]
    public async Task ReadAsync_LeavesTheBytesAfterTheFrameForTheNextReader()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(TestPipes.Frames(new Welcome { Node = "manager", MaxFrameSize = 1024, Proof = new byte[32] }, new Credit { Tasks = 3 }));

        await SingleFrame.ReadAsync(pipe.Reader, ProtocolConstants.MaxHandshakeFrameSize).AsTask().WaitAsync(TestPipes.Timeout);
        var rest = await pipe.Reader.ReadAsync().AsTask().WaitAsync(TestPipes.Timeout);

        Assert.Equal(TestPipes.Frames(new Credit { Tasks = 3 }), System.Buffers.BuffersExtensions.ToArray(rest.Buffer));
    }
}
