using System.Net.Security;
using System.Security.Authentication;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Argon.Protocol;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;
using Argon.Protocol.Security;
using Argon.Protocol.Transport;
using Argon.Samples;

namespace Argon.IntegrationTests;

/// <summary>
/// Key files an attacker could guess, or another user could read, are refused at start; a bare Hello gets nothing
/// that depends on the key; and a key is rotated without stopping the cluster (--key twice).
/// </summary>
public sealed class KeyFileTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Theory]
    [InlineData("hunter2\n", "not an Argon key")]
    [InlineData("correct horse battery staple\n", "not an Argon key")]
    public async Task Manager_WithAPassPhraseKey_ExitsWith2SayingHowToMakeAKey(string text, string expected)
    {
        using var temp = new TempDirectory();
        var key = temp.WriteKeyText("phrase.key", text);

        var (exitCode, output) = await RunAsync("manager", "--host", "127.0.0.1", "--port", "0", "--key", key);

        AssertOneLineConfigurationError(exitCode, output, expected);
        Assert.Contains("argon keygen", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manager_WithAKeyOthersCanRead_ExitsWith2GivingTheChmodCommand()
    {
        using var temp = new TempDirectory();
        var key = temp.WriteKeyText("open.key", KeyFile.Generate(), OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var (exitCode, output) = await RunAsync("manager", "--host", "127.0.0.1", "--port", "0", "--key", key);

        AssertOneLineConfigurationError(exitCode, output, $"chmod 600 {key}");
    }

    [Fact]
    public async Task Worker_WithAFolderAsKey_ExitsWith2SayingItIsAFolder()
    {
        using var temp = new TempDirectory();

        var (exitCode, output) = await RunAsync("worker", "--manager", "127.0.0.1:1", "--capacity", "1", "--key", temp.Path);

        AssertOneLineConfigurationError(exitCode, output, "is a folder");
    }

    [Fact]
    public async Task Status_WithAMissingKey_ExitsWith2SayingHowToMakeOne()
    {
        using var temp = new TempDirectory();
        var missing = Path.Combine(temp.Path, "missing.key");

        var (exitCode, output) = await RunAsync("status", "--manager", "127.0.0.1:1", "--key", missing);

        AssertOneLineConfigurationError(exitCode, output, $"argon keygen {missing}");
    }

    [Fact]
    public async Task Manager_AnswersABareHelloWithNoProof_AndRefusesAnUnknownKeyBeforeAnyProof()
    {
        await using var manager = await RestartableManager.StartAsync();
        var held = SharedKey.FromFile(manager.KeyFile);

        var reply = await HelloAsync(manager.Port, [held.Id]);
        var hello = Assert.IsType<Hello>(reply);
        Assert.Null(hello.Reserved);
        Assert.Equal(held.Id, hello.KeyId);
        Assert.Equal("", hello.Node);

        var refused = Assert.IsType<Refused>(await HelloAsync(manager.Port, [SharedKey.Generate().Id]));
        Assert.Equal(RefusalKind.Key, refused.Kind);
    }

    [Fact]
    public async Task Rotation_ManagerWithBothKeys_AcceptsClientsOfEitherAndWorkersThatRotate()
    {
        using var temp = new TempDirectory();
        var newKey = temp.WriteRandomKey("new.key");
        await using var rotating = await RestartableManager.StartAsync(["--key", newKey]);
        await using var oldOnly = await RestartableManager.StartAsync();

        // A worker moved to the new key (new first, old second) still serves a manager that holds only the old one.
        var workerArguments = oldOnly.WorkerArguments(1).ToList();
        workerArguments.InsertRange(workerArguments.IndexOf("--key"), ["--key", newKey]);
        await using var worker = ArgonProcess.Start("rotating worker", workerArguments);
        await using var workerOfRotating = ArgonProcess.Start("worker", rotating.WorkerArguments(1));

        await using (var oldClient = await ArgonClient.ConnectAsync(rotating.ClientOptions()).WaitAsync(Limits.Call))
        {
            Assert.Equal(11, await oldClient.QueueAsync(new Add(4, 7)).WaitAsync(Limits.Call));
        }

        var newOptions = rotating.ClientOptions();
        newOptions.KeyFile = newKey;
        await using (var newClient = await ArgonClient.ConnectAsync(newOptions).WaitAsync(Limits.Call))
        {
            Assert.Equal(5, await newClient.QueueAsync(new Add(2, 3)).WaitAsync(Limits.Call));
        }

        await using var client = await ArgonClient.ConnectAsync(oldOnly.ClientOptions()).WaitAsync(Limits.Call);
        await Eventually.StatusAsync(client, s => s.Workers.Count == 1, "the rotating worker registers with the old-key manager");
        Assert.Equal(9, await client.QueueAsync(new Add(4, 5)).WaitAsync(Limits.Call));

        // Once the rotation is over, a node with only the new key is refused by one that never moved, naming both ids.
        var refused = await Assert.ThrowsAsync<ArgonAuthenticationException>(() =>
            ArgonClient.ConnectAsync(new ArgonClientOptions { Host = "127.0.0.1", Port = oldOnly.Port, KeyFile = newKey }).WaitAsync(Limits.Call));
        Assert.Contains("the key files differ", refused.Message, StringComparison.Ordinal);
        Assert.Contains(SharedKey.FromFile(newKey).Id, refused.Message, StringComparison.Ordinal);
    }

    private static void AssertOneLineConfigurationError(int exitCode, string output, string expected)
    {
        Assert.True(exitCode == 2, $"exit code {exitCode}, expected 2:\n{output}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line:\n{output}");
        Assert.StartsWith("argon: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        await using var process = ArgonProcess.Start($"argon {arguments[0]}", arguments);
        var exitCode = await Eventually.ExitAsync(process);
        return (exitCode, string.Join('\n', process.Lines));
    }

    /// <summary>TLS, then a client Hello offering <paramref name="keyIds"/>, as anyone who reaches the port can: the server's first answer.</summary>
    private static async Task<Message> HelloAsync(int port, IReadOnlyList<string> keyIds)
    {
        using var socket = await RawPeer.ConnectTcpAsync(port);
        await using var ssl = new SslStream(new System.Net.Sockets.NetworkStream(socket, ownsSocket: false));
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "argon",
            EnabledSslProtocols = SslProtocols.Tls13,
#pragma warning disable CA5359 // the test plays an attacker that trusts any certificate
            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
        }).WaitAsync(Limits.Call);
        var pipe = DuplexPipe.Over(ssl);
        await SingleFrame.WriteAsync(pipe.Output, new Hello
        {
            Version = ProtocolConstants.Version, Role = PeerRole.Client, Nonce = KeyProof.NewNonce(), Node = "probe", KeyIds = keyIds,
        });
        return await SingleFrame.ReadAsync(pipe.Input, ProtocolConstants.MaxHandshakeFrameSize).AsTask().WaitAsync(Limits.Call);
    }
}
