using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Protocol.Tests.Transport;

/// <summary>FrameConnection.End: how a client or worker closes its side on the server's Goodbye.</summary>
public sealed class FrameConnectionEndTests
{
    private const int Limit = 1024 * 1024;

    [Fact]
    public async Task End_OnGoodbye_WritesWhatIsQueued_ClosesGracefully_AndTheServerSeesAPlainClose()
    {
        var (left, right) = TestPipes.CreatePair();
        var client = new FrameConnection(left, Limit, "server");
        var server = new FrameConnection(right, Limit, "client");
        var serverReceived = new List<Message>();

        var serverRun = server.RunAsync(message =>
        {
            serverReceived.Add(message);
            return ValueTask.CompletedTask;
        });
        var clientRun = client.RunAsync(message =>
        {
            if (message is Goodbye goodbye)
            {
                client.Send(new Heartbeat { Timestamp = 7, IsReply = true });
                client.End($"the server said goodbye: {goodbye.Reason}");
            }

            return ValueTask.CompletedTask;
        });

        server.Send(new Goodbye { Reason = "shutting down" });
        server.CompleteSending();

        var clientEnd = await clientRun.WaitAsync(TestPipes.Timeout);
        var serverEnd = await serverRun.WaitAsync(TestPipes.Timeout);
        Assert.False(clientEnd.IsFault);
        Assert.Equal("the server said goodbye: shutting down", clientEnd.Reason);
        Assert.False(serverEnd.IsFault);
        Assert.Equal("the peer closed the connection", serverEnd.Reason);
        Assert.Equal(7, Assert.IsType<Heartbeat>(Assert.Single(serverReceived)).Timestamp);
        Assert.False(client.Send(new Heartbeat()), "nothing more is sent after End");
    }
}
