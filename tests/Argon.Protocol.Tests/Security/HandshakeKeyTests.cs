using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;
using Argon.Protocol.Security;

namespace Argon.Protocol.Tests.Security;

/// <summary>What each side reveals before the other has proved the key, and key rotation.</summary>
public sealed class HandshakeKeyTests
{
    private const int MaxFrameSize = 1024 * 1024;
    private static readonly byte[] CertificateHash = SHA256.HashData("server certificate"u8);
    private static readonly SharedKey Key = SharedKey.Generate();

    [Fact]
    public async Task ServerRunAsync_AnswersABareHelloWithNothingThatDependsOnTheKey()
    {
        // Two keys under one id (same salt, different secrets): what the server sends before the client's proof
        // must be the same for both but for the nonce, or an unauthenticated Hello would let a guess be tested offline.
        var salt = RandomNumberGenerator.GetBytes(16);
        var first = SharedKey.FromText(KeyFile.Format(salt, RandomNumberGenerator.GetBytes(32)));
        var second = SharedKey.FromText(KeyFile.Format(salt, RandomNumberGenerator.GetBytes(32)));
        Assert.Equal(first.Id, second.Id);

        var replies = new List<Hello>();
        foreach (var key in new[] { first, second })
        {
            var (client, server) = TestPipes.CreatePair();
            _ = ServerHandshake.RunAsync(server, key, CertificateHash, "manager-1", MaxFrameSize);
            await SingleFrame.WriteAsync(client.Output, BareHello([key.Id]));
            replies.Add(Assert.IsType<Hello>(await ReadAsync(client)));
        }

        foreach (var reply in replies)
        {
            Assert.Null(reply.Reserved);
            Assert.Equal(first.Id, reply.KeyId);
            Assert.Equal("", reply.Node);
        }

        Assert.Equal(Strip(replies[0]), Strip(replies[1]));
    }

    [Fact]
    public async Task ServerRunAsync_WhenNoKeyIsShared_RefusesBeforeAnyProof()
    {
        var (client, server) = TestPipes.CreatePair();

        var serverRun = ServerHandshake.RunAsync(server, Key, CertificateHash, "manager-1", MaxFrameSize);
        await SingleFrame.WriteAsync(client.Output, BareHello([SharedKey.Generate().Id]));

        var refused = Assert.IsType<Refused>(await ReadAsync(client));
        Assert.Equal(RefusalKind.Key, refused.Kind);
        Assert.Contains("the key files differ", refused.Reason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<KeyProofException>(() => serverRun.WaitAsync(TestPipes.Timeout));
    }

    [Fact]
    public async Task ClientRunAsync_WhenTheServersProofFails_SendsNothingMore()
    {
        // A server that does not hold the key (or a relay) answers the client's proof with a Welcome whose proof is wrong.
        var (client, server) = TestPipes.CreatePair();

        var clientRun = ClientHandshake.RunAsync(client, Key, CertificateHash, PeerRole.Client, "client-1");
        var hello = await SingleFrame.ReadAsync<Hello>(server.Input).AsTask().WaitAsync(TestPipes.Timeout);
        await SingleFrame.WriteAsync(server.Output, new Hello
        {
            Version = ProtocolConstants.Version, Role = hello.Role, Nonce = KeyProof.NewNonce(), KeyId = Key.Id,
        });
        await SingleFrame.ReadAsync<Proof>(server.Input).AsTask().WaitAsync(TestPipes.Timeout);
        await SingleFrame.WriteAsync(server.Output, new Welcome { Node = "impostor", MaxFrameSize = MaxFrameSize, Proof = new byte[32] });

        var error = await Assert.ThrowsAsync<KeyProofException>(() => clientRun.WaitAsync(TestPipes.Timeout));
        Assert.Contains("could not prove", error.Message, StringComparison.Ordinal);
        await client.Output.CompleteAsync();
        var rest = await server.Input.ReadAsync().AsTask().WaitAsync(TestPipes.Timeout);
        Assert.True(rest.Buffer.IsEmpty, "the client sent more after the server's proof failed");
    }

    [Theory]
    [InlineData(257)]
    [InlineData(-1)]
    public async Task ClientRunAsync_WithANameTheServerWouldRefuse_FailsClearlyBeforeSendingAnything(int length)
    {
        var node = length < 0 ? "worker\u001B[2J" : new string('w', length);
        var (client, server) = TestPipes.CreatePair();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => ClientHandshake.RunAsync(client, Key, CertificateHash, PeerRole.Worker, node)).WaitAsync(TestPipes.Timeout);

        Assert.Contains("256 printable characters", error.Message, StringComparison.Ordinal);
        client.Output.Complete();
        var sent = await server.Input.ReadAsync().AsTask().WaitAsync(TestPipes.Timeout);
        Assert.True(sent.IsCompleted && sent.Buffer.IsEmpty);
    }

    [Fact]
    public async Task RunAsync_DuringARotation_EitherKeyConnects()
    {
        var oldKey = SharedKey.Generate();
        var newKey = SharedKey.Generate();
        var rotating = new KeyRing([newKey, oldKey]);

        foreach (var (server, client, agreed) in new[]
        {
            (rotating, new KeyRing(oldKey), oldKey),   // a node not yet moved to the new key
            (rotating, new KeyRing(newKey), newKey),   // a node already moved
            (new KeyRing(oldKey), rotating, oldKey),   // a rotating worker and a manager not yet moved
            (rotating, rotating, newKey),              // both rotating: the preferred (first) key
        })
        {
            var (clientPipe, serverPipe) = TestPipes.CreatePair();
            var serverRun = ServerHandshake.RunAsync(serverPipe, server, CertificateHash, "manager-1", MaxFrameSize);
            var welcome = await ClientHandshake.RunAsync(clientPipe, client, CertificateHash, PeerRole.Worker, "worker-1").WaitAsync(TestPipes.Timeout);
            var peer = await serverRun.WaitAsync(TestPipes.Timeout);

            Assert.Equal("manager-1", welcome.Node);
            Assert.Equal(agreed.Id, peer.KeyIds.First(server.Ids.Contains));
        }
    }

    private static Hello BareHello(IReadOnlyList<string> keyIds) => new()
    {
        Version = ProtocolConstants.Version, Role = PeerRole.Client, Nonce = KeyProof.NewNonce(), Node = "probe", KeyIds = keyIds,
    };

    private static async Task<Message> ReadAsync(IDuplexPipe client) =>
        await SingleFrame.ReadAsync(client.Input, ProtocolConstants.MaxHandshakeFrameSize).AsTask().WaitAsync(TestPipes.Timeout);

    /// <summary>The encoded reply with its nonce zeroed: what it would say to any key under the same id.</summary>
    private static byte[] Strip(Hello hello)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MessageCodec.Write(buffer, new Hello { Version = hello.Version, Role = hello.Role, Nonce = new byte[hello.Nonce.Length], Node = hello.Node, KeyId = hello.KeyId });
        return buffer.WrittenSpan.ToArray();
    }
}
