using System.Security.Cryptography;
using Argon.Protocol.Security;

namespace Argon.Protocol.Tests.Security;

/// <summary>Only strong keys in the keygen format, in files no one else can read, are accepted.</summary>
public sealed class KeyFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("argon-keyfile-").FullName;

    [Fact]
    public void Generate_WritesAKeyThatParsesWith256RandomBitsAndASalt()
    {
        var (salt, secret) = KeyFile.Parse(KeyFile.Generate());

        Assert.Equal(16, salt.Length);
        Assert.Equal(32, secret.Length);
        Assert.NotEqual(SharedKey.FromText(KeyFile.Generate()).Id, SharedKey.FromText(KeyFile.Generate()).Id);
    }

    [Theory]
    [InlineData("hunter2\n")]
    [InlineData("correct horse battery staple")]
    [InlineData("c2VjcmV0IGtleSBtYXRlcmlhbCAzMiBieXRlcyBsb25nISE=\n")]
    [InlineData("")]
    public void Parse_WhenTheTextIsAPassPhrase_RefusesSayingHowToMakeAKey(string text)
    {
        var error = Assert.Throws<KeyFileException>(() => KeyFile.Parse(text));

        Assert.Contains("argon keygen", error.Message, StringComparison.Ordinal);
        Assert.Contains("not an Argon key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenTheSecretHasFewerThan128Bits_RefusesIt()
    {
        var text = KeyFile.Format(RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(15));

        var error = Assert.Throws<KeyFileException>(() => KeyFile.Parse(text));

        Assert.Contains("120 bits, fewer than 128", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x00, 0)]
    [InlineData(0x41, 0)]
    [InlineData(0x00, 1)]
    public void Parse_WhenTheSecretWasMadeByHand_RefusesIt(byte first, int step)
    {
        var secret = Enumerable.Range(0, 32).Select(i => (byte)(first + (i * step))).ToArray();

        var error = Assert.Throws<KeyFileException>(() => KeyFile.Parse(KeyFile.Format(RandomNumberGenerator.GetBytes(16), secret)));

        Assert.Contains("not made from a random source", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenTheSaltIsMissing_RefusesIt()
    {
        var text = string.Join('\n', KeyFile.Generate().Split('\n').Where(l => !l.StartsWith("salt", StringComparison.Ordinal)));

        Assert.Throws<KeyFileException>(() => KeyFile.Parse(text));
    }

    [Fact]
    public void Parse_IgnoresCommentsBlankLinesAndCarriageReturns()
    {
        var text = KeyFile.Generate();

        Assert.Equal(SharedKey.FromText(text).Id, SharedKey.FromText("\r\n# a note\r\n" + text.Replace("\n", "\r\n", StringComparison.Ordinal)).Id);
    }

    [Fact]
    public void Read_WhenOthersCanReadTheFile_RefusesWithTheChmodCommand()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        var path = Write("open.key", KeyFile.Generate(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<KeyFileException>(() => KeyFile.Read(path));

        Assert.Contains($"chmod 600 {path}", error.Message, StringComparison.Ordinal);
        Assert.Contains("0644", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenOnlyTheOwnerCanRead_ReadsTheKey()
    {
        var text = KeyFile.Generate();
        var path = Write("good.key", text, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Equal(SharedKey.FromText(text).Id, SharedKey.FromFile(path).Id);
    }

    [Fact]
    public void Read_WhenThePathIsAFolder_SaysSo()
    {
        var error = Assert.Throws<KeyFileException>(() => KeyFile.Read(_folder));

        Assert.Contains("is a folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenTheFileIsMissing_SaysHowToMakeOne()
    {
        var path = Path.Combine(_folder, "missing.key");

        var error = Assert.Throws<KeyFileException>(() => KeyFile.Read(path));

        Assert.Contains($"argon keygen {path}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFiles_WhenTheSameKeyIsGivenTwice_RefusesIt()
    {
        var text = KeyFile.Generate();
        var first = Write("a.key", text, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var second = Write("b.key", text, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = Assert.Throws<KeyFileException>(() => KeyRing.FromFiles([first, second]));

        Assert.Contains("hold the same key", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text, UnixFileMode mode)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }

        return path;
    }
}
