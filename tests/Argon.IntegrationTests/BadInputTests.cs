using System.Net;
using System.Text;
using Argon.IntegrationTests.Infrastructure;
using Argon.Protocol.Messages;
using Argon.Samples;

namespace Argon.IntegrationTests;

/// <summary>
/// Malformed traffic closes only the connection that sent it, with the reason in the manager's log, while other
/// clients carry on (DESIGN.md §5).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BadInputTests(ClusterFixture cluster)
{
    [Fact]
    public async Task GarbageInsteadOfTls_IsRefusedAndLogged_OthersUnaffected()
    {
        await AssertGoodClientWorksAsync();
        using var socket = await RawPeer.ConnectTcpAsync(cluster.Local.Port);
        var local = (IPEndPoint)socket.LocalEndPoint!;

        await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: argon\r\n\r\n"));

        await RawPeer.WaitForServerCloseAsync(socket);
        await cluster.Manager.WaitForLineAsync(
            l => l.Contains($"Refused connection from 127.0.0.1:{local.Port}: TLS handshake failed", StringComparison.Ordinal), Limits.Reaction);
        await AssertGoodClientWorksAsync();
    }

    [Fact]
    public async Task OversizedFrame_ClosesThatConnection_WithReasonLogged()
    {
        await AssertGoodClientWorksAsync();
        var node = UniqueNode();
        await using var channel = await RawPeer.ConnectAuthenticatedAsync(cluster.Cluster, node);

        await RawPeer.WriteAsync(channel.Pipe, RawPeer.Header(0x7FFF_FFFF, RawPeer.Submit));

        await RawPeer.WaitForServerCloseAsync(channel.Pipe);
        var line = await WaitForClosedLineAsync(node);
        Assert.Contains("exceeds the limit", line, StringComparison.Ordinal);
        await AssertGoodClientWorksAsync();
    }

    [Fact]
    public async Task TruncatedFrame_ThenClose_IsLoggedAsEndingMidFrame()
    {
        await AssertGoodClientWorksAsync();
        var node = UniqueNode();
        await using (var channel = await RawPeer.ConnectAuthenticatedAsync(cluster.Cluster, node))
        {
            await RawPeer.WriteAsync(channel.Pipe, [.. RawPeer.Header(100, RawPeer.Submit), .. new byte[10]]);

            // End the stream with close_notify rather than by closing the socket: a socket closed with unread data
            // (a Credit, a keep-alive probe) sends a reset, which may discard the 10 bytes before the server reads
            // them. The server sees the end of the stream 10 bytes into a 100-byte body, and closes.
            await channel.ShutdownSendingAsync();
            await RawPeer.WaitForServerCloseAsync(channel.Pipe);
        }

        var line = await WaitForClosedLineAsync(node);
        Assert.Contains("middle of a frame", line, StringComparison.Ordinal);
        await AssertGoodClientWorksAsync();
    }

    [Fact]
    public async Task UnknownMessageType_ClosesThatConnection_WithReasonLogged()
    {
        await AssertGoodClientWorksAsync();
        var node = UniqueNode();
        await using var channel = await RawPeer.ConnectAuthenticatedAsync(cluster.Cluster, node);

        await RawPeer.WriteAsync(channel.Pipe, RawPeer.Header(0, 0xEE));

        await RawPeer.WaitForServerCloseAsync(channel.Pipe);
        var line = await WaitForClosedLineAsync(node);
        Assert.Contains("unknown message type", line, StringComparison.Ordinal);
        await AssertGoodClientWorksAsync();
    }

    [Fact]
    public async Task MessageAClientMayNotSend_ClosesThatConnection_WithReasonLogged()
    {
        await AssertGoodClientWorksAsync();
        var node = UniqueNode();
        await using var channel = await RawPeer.ConnectAuthenticatedAsync(cluster.Cluster, node);

        // Well-formed, but only a worker may register.
        await RawPeer.WriteAsync(channel.Pipe, new Register { NodeId = node, Capacity = 1 });

        await RawPeer.WaitForServerCloseAsync(channel.Pipe);
        var line = await WaitForClosedLineAsync(node);
        Assert.Contains("may not send", line, StringComparison.Ordinal);
        await AssertGoodClientWorksAsync();
    }

    private static string UniqueNode() => $"raw-test-{Guid.NewGuid():N}";

    /// <summary>The manager's "Closed connection from ADDRESS (NODE): REASON" line for this test's connection.</summary>
    private Task<string> WaitForClosedLineAsync(string node) =>
        cluster.Manager.WaitForLineAsync(
            l => l.Contains("Closed connection from 127.0.0.1:", StringComparison.Ordinal) && l.Contains($"({node}):", StringComparison.Ordinal),
            Limits.Reaction);

    private async Task AssertGoodClientWorksAsync()
    {
        var x = Random.Shared.Next(1000);
        Assert.Equal(x + 1, await cluster.Client.QueueAsync(new Add(x, 1)).WaitAsync(Limits.Call));
    }
}
