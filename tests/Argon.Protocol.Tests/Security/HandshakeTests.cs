using System.IO.Pipelines;
using System.Security.Cryptography;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;
using Argon.Protocol.Security;

namespace Argon.Protocol.Tests.Security;

public sealed class HandshakeTests
{
    private const int MaxFrameSize = 4 * 1024 * 1024;
    private static readonly byte[] CertificateHash = SHA256.HashData("server certificate"u8);
    private static readonly SharedKey Key = SharedKey.Generate();
    private static readonly SharedKey OtherKey = SharedKey.Generate();

    [Fact]
    public async Task RunAsync_WhenKeysMatch_ClientGetsWelcomeAndServerGetsHello()
    {
        var (client, server) = TestPipes.CreatePair();

        var serverRun = ServerHandshake.RunAsync(server, Key, CertificateHash, "manager-1", MaxFrameSize);
        var clientRun = ClientHandshake.RunAsync(client, Key, CertificateHash, PeerRole.Worker, "worker-7");

        var welcome = await clientRun.WaitAsync(TestPipes.Timeout);
        var hello = await serverRun.WaitAsync(TestPipes.Timeout);
        Assert.Equal("manager-1", welcome.Node);
        Assert.Equal(MaxFrameSize, welcome.MaxFrameSize);
        Assert.Equal("worker-7", hello.Node);
        Assert.Equal(PeerRole.Worker, hello.Role);
        Assert.Equal(ProtocolConstants.Version, hello.Version);
        Assert.Equal(ProtocolConstants.NonceSize, hello.Nonce.Length);
    }

    [Fact]
    public async Task RunAsync_WhenKeysDiffer_BothSidesThrow()
    {
        var (client, server) = TestPipes.CreatePair();

        var serverRun = ServerHandshake.RunAsync(server, Key, CertificateHash, "manager-1", MaxFrameSize);
        var clientRun = ClientHandshake.RunAsync(client, OtherKey, CertificateHash, PeerRole.Client, "client-1");

        var clientError = await Assert.ThrowsAsync<KeyProofException>(() => clientRun.WaitAsync(TestPipes.Timeout));
        var serverError = await Assert.ThrowsAsync<KeyProofException>(() => serverRun.WaitAsync(TestPipes.Timeout));
        Assert.Contains("the key files differ", clientError.Message, StringComparison.Ordinal);
        Assert.Contains("manager-1", clientError.Message, StringComparison.Ordinal);
        Assert.Contains("key", serverError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenKeysDiffer_ServerTellsTheClientWhy()
    {
        var (client, server) = TestPipes.CreatePair();

        var serverRun = ServerHandshake.RunAsync(server, Key, CertificateHash, "manager-1", MaxFrameSize);
        var error = await Assert.ThrowsAsync<KeyProofException>(() =>
            ClientHandshake.RunAsync(client, OtherKey, CertificateHash, PeerRole.Client, "client-1").WaitAsync(TestPipes.Timeout));
        await Assert.ThrowsAsync<KeyProofException>(() => serverRun.WaitAsync(TestPipes.Timeout));

        // The refusal names both keys by id (ids reveal nothing about the keys), so the operator can tell which file is which.
        Assert.Contains($"manager-1 holds key {Key.Id}, yours is {OtherKey.Id}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenCertificateHashesDiffer_BothSidesThrow()
    {
        // A relay that terminates TLS itself presents another certificate: the proofs no longer match.
        var (client, server) = TestPipes.CreatePair();
        var relayHash = SHA256.HashData("relay certificate"u8);

        var serverRun = ServerHandshake.RunAsync(server, Key, CertificateHash, "manager-1", MaxFrameSize);
        var clientRun = ClientHandshake.RunAsync(client, Key, relayHash, PeerRole.Client, "client-1");

        await Assert.ThrowsAsync<KeyProofException>(() => clientRun.WaitAsync(TestPipes.Timeout));
        await Assert.ThrowsAsync<KeyProofException>(() => serverRun.WaitAsync(TestPipes.Timeout));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ProtocolConstants.Version + 1)]
    public async Task ServerRunAsync_WhenHelloHasUnsupportedVersion_RefusesIt(int version)
    {
        var (client, server) = TestPipes.CreatePair();

        var serverRun = ServerHandshake.RunAsync(server, Key, CertificateHash, "manager-1", MaxFrameSize);
        await SingleFrame.WriteAsync(client.Output, new Hello
        {
            Version = version,
            Role = PeerRole.Client,
            Nonce = KeyProof.NewNonce(),
            Node = "old-client",
            KeyIds = [Key.Id],
        });

        var error = await Assert.ThrowsAsync<ProtocolException>(() => serverRun.WaitAsync(TestPipes.Timeout));
        Assert.Contains($"version {version}", error.Message, StringComparison.Ordinal);
        var reply = await SingleFrame.ReadAsync(client.Input, ProtocolConstants.MaxHandshakeFrameSize).AsTask().WaitAsync(TestPipes.Timeout);
        Assert.Contains($"version {version} is not supported", Assert.IsType<Refused>(reply).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientRunAsync_WhenServerRefusesTheHello_ThrowsWithTheReason()
    {
        var (client, server) = TestPipes.CreatePair();

        var clientRun = ClientHandshake.RunAsync(client, Key, CertificateHash, PeerRole.Client, "client-1");
        await SingleFrame.ReadAsync<Hello>(server.Input).AsTask().WaitAsync(TestPipes.Timeout);
        await SingleFrame.WriteAsync(server.Output, new Refused { Reason = "protocol version 1 is not supported" });

        var error = await Assert.ThrowsAsync<ProtocolException>(() => clientRun.WaitAsync(TestPipes.Timeout));
        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("protocol version 1 is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientRunAsync_WhenServerRefusesTheKey_ThrowsKeyProofException()
    {
        var (client, server) = TestPipes.CreatePair();

        var clientRun = ClientHandshake.RunAsync(client, Key, CertificateHash, PeerRole.Client, "client-1");
        await SingleFrame.ReadAsync<Hello>(server.Input).AsTask().WaitAsync(TestPipes.Timeout);
        await SingleFrame.WriteAsync(server.Output, new Refused { Reason = "the key files differ", Kind = RefusalKind.Key });

        var error = await Assert.ThrowsAsync<KeyProofException>(() => clientRun.WaitAsync(TestPipes.Timeout));
        Assert.Contains("the key files differ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerRunAsync_WhenHelloHasAShortNonce_Throws()
    {
        var (client, server) = TestPipes.CreatePair();

        var serverRun = ServerHandshake.RunAsync(server, Key, CertificateHash, "manager-1", MaxFrameSize);
        await SingleFrame.WriteAsync(client.Output, new Hello { Version = ProtocolConstants.Version, Role = PeerRole.Client, Nonce = [1, 2, 3] });

        await Assert.ThrowsAsync<ProtocolException>(() => serverRun.WaitAsync(TestPipes.Timeout));
    }

    [Fact]
    public async Task ServerRunAsync_WhenHelloHasNoNonce_ThrowsProtocolException()
    {
        // A Hello whose nonce is nil, sent before any proof: must be a protocol error, not a crash.
        var (client, server) = TestPipes.CreatePair();

        var serverRun = ServerHandshake.RunAsync(server, Key, CertificateHash, "manager-1", MaxFrameSize);
        await WriteRawAsync(client.Output, MessageType.Hello, [0x95, ProtocolConstants.Version, (byte)PeerRole.Client, 0xC0, 0xC0, 0xA0]);

        await Assert.ThrowsAsync<ProtocolException>(() => serverRun.WaitAsync(TestPipes.Timeout));
    }

    [Fact]
    public async Task ServerRunAsync_WhenPeerClosesBeforeHello_Throws()
    {
        var (client, server) = TestPipes.CreatePair();

        var serverRun = ServerHandshake.RunAsync(server, Key, CertificateHash, "manager-1", MaxFrameSize);
        await client.Output.CompleteAsync();

        var error = await Assert.ThrowsAsync<ProtocolException>(() => serverRun.WaitAsync(TestPipes.Timeout));
        Assert.Contains("closed the connection", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerRunAsync_WhenHelloIsOverTheHandshakeLimit_Throws()
    {
        var (client, server) = TestPipes.CreatePair();

        var serverRun = ServerHandshake.RunAsync(server, Key, CertificateHash, "manager-1", MaxFrameSize);
        await client.Output.WriteAsync(TestPipes.Header(ProtocolConstants.MaxHandshakeFrameSize + 1, (byte)MessageType.Hello));

        var error = await Assert.ThrowsAsync<ProtocolException>(() => serverRun.WaitAsync(TestPipes.Timeout));
        Assert.Contains("exceeds the limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateEphemeral_MakesACertificateWithAPrivateKeyAndA32ByteHash()
    {
        using var certificate = ServerCertificate.CreateEphemeral("argon-test");

        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("CN=argon-test", certificate.Subject);
        Assert.Equal(32, ServerCertificate.Hash(certificate).Length);
    }

    private static async Task WriteRawAsync(PipeWriter output, MessageType type, byte[] body)
    {
        await output.WriteAsync(TestPipes.Header((uint)body.Length, (byte)type));
        await output.WriteAsync(body);
    }
}
