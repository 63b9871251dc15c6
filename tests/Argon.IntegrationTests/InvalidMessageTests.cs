using System.Net.Security;
using System.Net.Sockets;
using Argon.IntegrationTests.Infrastructure;
using Argon.Protocol;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;
using Argon.Samples;

namespace Argon.IntegrationTests;

/// <summary>
/// Issue 16, findings 1 and 5: a message with a field out of range closes only its connection and changes no other
/// state, and text from a peer never reaches the manager's log raw.
/// </summary>
public sealed class InvalidMessageTests
{
    private const int SleepMs = 60_000;

    /// <summary>
    /// Finding 1: a Submit with priority 99 used to run, and when its worker was lost, re-queueing it threw in the
    /// dispatcher and left the worker's other tasks (another client's) without an outcome forever.
    /// </summary>
    [Fact]
    public async Task SubmitWithUndefinedPriority_ClosesThatConnection_OtherClientsTasksStillEndWhenTheirWorkerIsLost()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 3);
        var node = $"raw-priority-{Guid.NewGuid():N}";
        await using var channel = await RawPeer.ConnectAuthenticatedAsync(cluster, node);
        var from = cluster.Manager.Lines.Count;

        // The codec refuses nothing on the way out: this is the frame a hostile key holder would write.
        await RawPeer.WriteAsync(channel.Pipe, new Submit
        {
            Id = 1,
            TypeName = typeof(Sleep).FullName!,
            Kind = TaskKind.Instance,
            Payload = TaskSerializer.Serialize(typeof(Sleep), new Sleep(SleepMs)),
            Priority = (TaskPriority)99,
            MaxAttempts = 2,
        });

        // Another client's tasks on the same (only) worker; each has one attempt, so losing the worker ends them.
        var calls = Enumerable.Range(0, 2)
            .Select(_ => cluster.Client.QueueAsync(new Sleep(SleepMs), new ArgonCallOptions { MaxAttempts = 1 }))
            .ToArray();
        await Eventually.StatusAsync(cluster.Client, s => s.InFlight >= 2, "the good client's tasks run");

        cluster.Cluster.Workers[0].Kill();

        // On the old code the dispatcher threw while re-queueing the priority-99 task, and these never ended.
        foreach (var call in calls)
        {
            var ended = await Task.WhenAny(call, Task.Delay(Limits.Call));
            Assert.True(ended == call, "a task on the lost worker never ended");
            await Assert.ThrowsAsync<WorkerLostException>(() => call);
        }

        await RawPeer.WaitForServerCloseAsync(channel.Pipe);
        var line = await Eventually.LineAfterAsync(cluster.Manager, from,
            l => l.Contains("Closed connection from", StringComparison.Ordinal) && l.Contains($"({node}):", StringComparison.Ordinal));
        Assert.Contains("invalid Submit: Priority 99", line, StringComparison.Ordinal);
    }

    /// <summary>
    /// Finding 5: the node name in a Hello from a peer that holds no key reached the log raw, so it could write
    /// terminal control sequences and fake log lines.
    /// </summary>
    [Fact]
    public async Task HelloWithControlCharactersInNode_IsRefused_AndNothingRawReachesTheLog()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 1);
        var from = cluster.Manager.Lines.Count;
        using var socket = await RawPeer.ConnectTcpAsync(cluster.Cluster.Port);
        // A peer without the key: it takes whatever certificate the manager shows (Argon binds it in the key proof).
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false, (_, certificate, _, _) => certificate is not null);
        await using var _ = ssl;
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "argon" }).WaitAsync(Limits.Call);
        var pipe = DuplexPipe.Over(ssl);

        await RawPeer.WriteAsync(pipe, new Hello
        {
            Version = ProtocolConstants.Version,
            Role = PeerRole.Client,
            Nonce = new byte[ProtocolConstants.NonceSize],
            Node = "evil\r\u001b[31mFAKE LOG LINE",
        });

        // Before issue 16 the server answered the Hello with its own and waited for the proof; a wrong proof then
        // had the manager log the node name raw. Now the Hello is refused as soon as it is decoded.
        try
        {
            using var deadline = new CancellationTokenSource(Limits.Reaction);
            if (await SingleFrame.ReadAsync(pipe.Input, ProtocolConstants.MaxHandshakeFrameSize, deadline.Token) is Hello)
            {
                await RawPeer.WriteAsync(pipe, new Proof { Mac = new byte[32] });
            }
        }
        catch (Exception ex) when (ex is ProtocolException or IOException)
        {
            // Closed without an answer: refused at the Hello.
        }

        await RawPeer.WaitForServerCloseAsync(pipe);
        var line = await Eventually.LineAfterAsync(cluster.Manager, from,
            l => l.Contains("Refused connection from", StringComparison.Ordinal));
        Assert.Contains("invalid Hello: Node", line, StringComparison.Ordinal);
        var after = cluster.Manager.Lines.Skip(from).ToArray();
        Assert.DoesNotContain(after, l => l.Contains('\u001b', StringComparison.Ordinal) || l.Contains('\r', StringComparison.Ordinal));
        Assert.DoesNotContain(after, l => l.Contains("FAKE LOG LINE", StringComparison.Ordinal) && !l.Contains("\\u001B", StringComparison.Ordinal));
    }
}
