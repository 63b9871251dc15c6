using System.Security.Cryptography;
using Argon.Protocol.Security;

namespace Argon.Protocol.Tests.Security;

public sealed class KeyProofTests
{
    private static readonly byte[] ClientNonce = Enumerable.Range(0, ProtocolConstants.NonceSize).Select(i => (byte)i).ToArray();
    private static readonly byte[] ServerNonce = Enumerable.Range(100, ProtocolConstants.NonceSize).Select(i => (byte)i).ToArray();
    private static readonly byte[] CertificateHash = SHA256.HashData("certificate"u8);

    [Fact]
    public void ForClient_WhenPhrasesAreTheSame_ProofsMatch()
    {
        var mine = SharedKey.FromPhrase("correct horse battery staple");
        var theirs = SharedKey.FromPhrase("correct horse battery staple");

        var expected = KeyProof.ForClient(mine, ClientNonce, ServerNonce, CertificateHash);
        var actual = KeyProof.ForClient(theirs, ClientNonce, ServerNonce, CertificateHash);

        Assert.Equal(32, expected.Length);
        Assert.True(KeyProof.Matches(expected, actual));
        Assert.True(KeyProof.Matches(
            KeyProof.ForServer(mine, ClientNonce, ServerNonce, CertificateHash),
            KeyProof.ForServer(theirs, ClientNonce, ServerNonce, CertificateHash)));
    }

    [Theory]
    [InlineData("correct horse battery staple\n")]
    [InlineData("correct horse battery staple\r\n")]
    [InlineData("correct horse battery staple  \t \n\n")]
    public void FromPhrase_IgnoresTrailingWhitespace(string phrase)
    {
        var plain = SharedKey.FromPhrase("correct horse battery staple");
        var padded = SharedKey.FromPhrase(phrase);

        Assert.True(KeyProof.Matches(
            KeyProof.ForClient(plain, ClientNonce, ServerNonce, CertificateHash),
            KeyProof.ForClient(padded, ClientNonce, ServerNonce, CertificateHash)));
    }

    [Fact]
    public void FromFile_WhenFileEndsWithNewline_MatchesThePhrase()
    {
        var path = Path.Combine(Path.GetTempPath(), $"argon-key-{Guid.NewGuid():N}");
        File.WriteAllText(path, "correct horse battery staple\n");
        try
        {
            var fromFile = SharedKey.FromFile(path);
            var fromPhrase = SharedKey.FromPhrase("correct horse battery staple");

            Assert.True(KeyProof.Matches(
                KeyProof.ForServer(fromPhrase, ClientNonce, ServerNonce, CertificateHash),
                KeyProof.ForServer(fromFile, ClientNonce, ServerNonce, CertificateHash)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ForClient_WhenPhrasesDiffer_ProofsDoNotMatch()
    {
        var mine = SharedKey.FromPhrase("correct horse battery staple");
        var theirs = SharedKey.FromPhrase("correct horse battery stapler");

        Assert.False(KeyProof.Matches(
            KeyProof.ForClient(mine, ClientNonce, ServerNonce, CertificateHash),
            KeyProof.ForClient(theirs, ClientNonce, ServerNonce, CertificateHash)));
    }

    [Fact]
    public void Proofs_DependOnRoleNoncesAndCertificate()
    {
        var key = SharedKey.FromPhrase("correct horse battery staple");
        var proof = KeyProof.ForClient(key, ClientNonce, ServerNonce, CertificateHash);

        Assert.False(KeyProof.Matches(proof, KeyProof.ForServer(key, ClientNonce, ServerNonce, CertificateHash)));
        Assert.False(KeyProof.Matches(proof, KeyProof.ForClient(key, ServerNonce, ClientNonce, CertificateHash)));
        Assert.False(KeyProof.Matches(proof, KeyProof.ForClient(key, ClientNonce, ServerNonce, SHA256.HashData("other"u8))));
    }

    [Fact]
    public void Matches_WhenProofIsMissingOrShort_ReturnsFalse()
    {
        var proof = KeyProof.ForClient(SharedKey.FromPhrase("correct horse battery staple"), ClientNonce, ServerNonce, CertificateHash);

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

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n")]
    [InlineData(" \r\n\t")]
    public void FromPhrase_WhenKeyIsEmpty_Throws(string phrase)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SharedKey.FromPhrase(phrase));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFile_WhenFileIsEmpty_Throws()
    {
        var path = Path.Combine(Path.GetTempPath(), $"argon-key-{Guid.NewGuid():N}");
        File.WriteAllText(path, "\n");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => SharedKey.FromFile(path));

            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromFile_WhenFileIsMissing_ThrowsNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"argon-missing-{Guid.NewGuid():N}");

        var error = Assert.Throws<InvalidOperationException>(() => SharedKey.FromFile(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
