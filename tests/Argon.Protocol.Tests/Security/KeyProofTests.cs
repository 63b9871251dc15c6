using System.Security.Cryptography;
using Argon.Protocol.Security;

namespace Argon.Protocol.Tests.Security;

public sealed class KeyProofTests
{
    private static readonly byte[] ClientNonce = Enumerable.Range(0, ProtocolConstants.NonceSize).Select(i => (byte)i).ToArray();
    private static readonly byte[] ServerNonce = Enumerable.Range(100, ProtocolConstants.NonceSize).Select(i => (byte)i).ToArray();
    private static readonly byte[] CertificateHash = SHA256.HashData("certificate"u8);

    [Fact]
    public void ForClient_WhenBothHoldTheSameKeyFile_ProofsMatch()
    {
        var text = KeyFile.Generate();
        var mine = SharedKey.FromText(text);
        var theirs = SharedKey.FromText(text + "\n\n");

        var expected = KeyProof.ForClient(mine, ClientNonce, ServerNonce, CertificateHash);
        var actual = KeyProof.ForClient(theirs, ClientNonce, ServerNonce, CertificateHash);

        Assert.Equal(32, expected.Length);
        Assert.Equal(mine.Id, theirs.Id);
        Assert.True(KeyProof.Matches(expected, actual));
        Assert.True(KeyProof.Matches(
            KeyProof.ForServer(mine, ClientNonce, ServerNonce, CertificateHash),
            KeyProof.ForServer(theirs, ClientNonce, ServerNonce, CertificateHash)));
    }

    [Fact]
    public void ForClient_WhenKeysDiffer_ProofsDoNotMatch()
    {
        var mine = SharedKey.Generate();
        var theirs = SharedKey.Generate();

        Assert.False(KeyProof.Matches(
            KeyProof.ForClient(mine, ClientNonce, ServerNonce, CertificateHash),
            KeyProof.ForClient(theirs, ClientNonce, ServerNonce, CertificateHash)));
    }

    [Fact]
    public void Proofs_DependOnRoleNoncesAndCertificate()
    {
        var key = SharedKey.Generate();
        var proof = KeyProof.ForClient(key, ClientNonce, ServerNonce, CertificateHash);

        Assert.False(KeyProof.Matches(proof, KeyProof.ForServer(key, ClientNonce, ServerNonce, CertificateHash)));
        Assert.False(KeyProof.Matches(proof, KeyProof.ForClient(key, ServerNonce, ClientNonce, CertificateHash)));
        Assert.False(KeyProof.Matches(proof, KeyProof.ForClient(key, ClientNonce, ServerNonce, SHA256.HashData("other"u8))));
    }

    [Fact]
    public void Matches_WhenProofIsMissingOrShort_ReturnsFalse()
    {
        var proof = KeyProof.ForClient(SharedKey.Generate(), ClientNonce, ServerNonce, CertificateHash);

        Assert.False(KeyProof.Matches(proof, null));
        Assert.False(KeyProof.Matches(proof, []));
        Assert.False(KeyProof.Matches(proof, proof[..16]));
    }

    [Fact]
    public void NewNonce_IsFreshEachTime()
    {
        var first = KeyProof.NewNonce();
        var second = KeyProof.NewNonce();

        Assert.Equal(ProtocolConstants.NonceSize, first.Length);
        Assert.NotEqual(first, second);
    }
}
