using System.IO.Pipelines;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Protocol.Tests.Transport;

public sealed class FrameConnectionTests
{
    private const int Limit = 1024 * 1024;

    [Fact]
    public async Task Send_DeliversEveryMessageInOrder()
    {
        const int Count = 2_000;
        var (left, right) = TestPipes.CreatePair();
        var sender = new FrameConnection(left, Limit, "right");
        var receiver = new FrameConnection(right, Limit, "left");
        var received = new List<Message>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopSender = new CancellationTokenSource();

        var sending = sender.RunAsync(_ => ValueTask.CompletedTask, stopSender.Token);
        var receiving = receiver.RunAsync(message =>
        {
            received.Add(message);
            if (received.Count == Count)
            {
                all.SetResult();
            }

            return ValueTask.CompletedTask;
        });

        for (var i = 0; i < Count; i++)
        {
            // Mixed sizes, so some frames straddle the pipe's segments.
            Assert.True(sender.Send(i % 3 == 0
                ? new Heartbeat { Timestamp = i }
                : new Drain { Reason = new string('d', i % 700) + i }));
        }

        await all.Task.WaitAsync(TestPipes.Timeout);
        await stopSender.CancelAsync();
        var senderEnd = await sending.WaitAsync(TestPipes.Timeout);
        var receiverEnd = await receiving.WaitAsync(TestPipes.Timeout);

        for (var i = 0; i < Count; i++)
        {
            if (i % 3 == 0)
            {
                Assert.Equal(i, Assert.IsType<Heartbeat>(received[i]).Timestamp);
            }
            else
            {
                Assert.EndsWith(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.IsType<Drain>(received[i]).Reason, StringComparison.Ordinal);
            }
        }

        Assert.False(senderEnd.IsFault);
        Assert.False(receiverEnd.IsFault);
        Assert.Contains("peer closed", receiverEnd.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WhenBothSidesTalk_EachReceivesTheOthersMessages()
    {
        var (left, right) = TestPipes.CreatePair();
        var client = new FrameConnection(left, Limit, "server");
        var server = new FrameConnection(right, Limit, "client");
        var reply = new TaskCompletionSource<Heartbeat>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        var serverRun = server.RunAsync(message =>
        {
            // Echo every heartbeat back as a reply, as a peer does.
            var heartbeat = Assert.IsType<Heartbeat>(message);
            server.Send(new Heartbeat { Timestamp = heartbeat.Timestamp, IsReply = true });
            return ValueTask.CompletedTask;
        });
        var clientRun = client.RunAsync(message =>
        {
            reply.TrySetResult(Assert.IsType<Heartbeat>(message));
            return ValueTask.CompletedTask;
        }, stop.Token);

        client.Send(new Heartbeat { Timestamp = 77 });
        var answer = await reply.Task.WaitAsync(TestPipes.Timeout);
        await stop.CancelAsync();

        Assert.Equal(77, answer.Timestamp);
        Assert.True(answer.IsReply);
        Assert.False((await clientRun.WaitAsync(TestPipes.Timeout)).IsFault);
        Assert.False((await serverRun.WaitAsync(TestPipes.Timeout)).IsFault);
    }

    [Fact]
    public async Task RunAsync_WhenPeerClosesCleanly_EndsWithoutFault()
    {
        var (connection, peerInput, _) = Connect();
        var received = new List<Message>();
        await peerInput.WriteAsync(TestPipes.Frames(new Credit { Tasks = 1 }, new Goodbye { Reason = "bye" }));
        await peerInput.CompleteAsync();

        var end = await connection.RunAsync(message =>
        {
            received.Add(message);
            return ValueTask.CompletedTask;
        }).WaitAsync(TestPipes.Timeout);

        Assert.False(end.IsFault);
        Assert.Null(end.Error);
        Assert.Equal([MessageType.Credit, MessageType.Goodbye], received.Select(m => m.Type));
    }

    [Fact]
    public async Task RunAsync_WhenStreamEndsInTheMiddleOfAFrame_EndsWithFault()
    {
        var (connection, peerInput, _) = Connect();
        var frames = TestPipes.Frames(new Credit { Tasks = 1 }, new Goodbye { Reason = "cut short" });
        var received = new List<Message>();
        await peerInput.WriteAsync(frames.AsMemory(0, frames.Length - 3));
        await peerInput.CompleteAsync();

        var end = await connection.RunAsync(message =>
        {
            received.Add(message);
            return ValueTask.CompletedTask;
        }).WaitAsync(TestPipes.Timeout);

        Assert.True(end.IsFault);
        Assert.Contains("middle of a frame", end.Reason, StringComparison.Ordinal);
        Assert.IsType<ProtocolException>(end.Error);
        var only = Assert.Single(received);
        Assert.Equal(1, Assert.IsType<Credit>(only).Tasks);
    }

    [Fact]
    public async Task RunAsync_WhenStreamEndsInTheMiddleOfAHeader_EndsWithFault()
    {
        var (connection, peerInput, _) = Connect();
        await peerInput.WriteAsync(new byte[] { 0, 0 });
        await peerInput.CompleteAsync();

        var end = await connection.RunAsync(_ => ValueTask.CompletedTask).WaitAsync(TestPipes.Timeout);

        Assert.True(end.IsFault);
        Assert.Contains("middle of a frame", end.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenFrameIsOverTheLimit_EndsWithFault()
    {
        var (connection, peerInput, _) = Connect();
        var handled = 0;

        // Only the header: the peer never has to send the 2 MB it announced; the stream stays open.
        await peerInput.WriteAsync(TestPipes.Header(Limit + 1, (byte)MessageType.Submit));

        var end = await connection.RunAsync(_ =>
        {
            handled++;
            return ValueTask.CompletedTask;
        }).WaitAsync(TestPipes.Timeout);

        Assert.True(end.IsFault);
        Assert.Contains("exceeds the limit", end.Reason, StringComparison.Ordinal);
        Assert.IsType<ProtocolException>(end.Error);
        Assert.Equal(0, handled);
    }

    [Fact]
    public async Task RunAsync_WhenMessageTypeIsUnknown_EndsWithFault()
    {
        var (connection, peerInput, _) = Connect();
        await peerInput.WriteAsync(TestPipes.Header(0, 99));

        var end = await connection.RunAsync(_ => ValueTask.CompletedTask).WaitAsync(TestPipes.Timeout);

        Assert.True(end.IsFault);
        Assert.Contains("unknown message type 99", end.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenEnded_CompletesTheOutputSoThePeerSeesTheClose()
    {
        var (connection, peerInput, peerOutput) = Connect();
        await peerInput.WriteAsync(TestPipes.Header(Limit + 1, (byte)MessageType.Submit));

        await connection.RunAsync(_ => ValueTask.CompletedTask).WaitAsync(TestPipes.Timeout);
        var result = await peerOutput.ReadAsync().AsTask().WaitAsync(TestPipes.Timeout);

        Assert.True(result.IsCompleted);
        Assert.False(connection.Send(new Credit { Tasks = 1 }));
    }

    [Fact]
    public async Task RunAsync_WhenAMessageCannotBeSent_EndsWithFault()
    {
        var (connection, _, _) = Connect();

        var run = connection.RunAsync(_ => ValueTask.CompletedTask);
        Assert.True(connection.Send(new UnencodableMessage()));
        var end = await run.WaitAsync(TestPipes.Timeout);

        Assert.True(end.IsFault);
        Assert.Contains("could not be sent", end.Reason, StringComparison.Ordinal);
        Assert.False(connection.Send(new Credit { Tasks = 1 }));
    }

    /// <summary>A connection under test, the writer its peer sends on, and the reader that sees what it sends.</summary>
    private static (FrameConnection Connection, PipeWriter PeerInput, PipeReader PeerOutput) Connect()
    {
        var input = new Pipe();
        var output = new Pipe();
        return (new FrameConnection(new DuplexPipe(input.Reader, output.Writer), Limit, "peer"), input.Writer, output.Reader);
    }

    private sealed class UnencodableMessage : Message
    {
        public override MessageType Type => (MessageType)200;
    }
}
