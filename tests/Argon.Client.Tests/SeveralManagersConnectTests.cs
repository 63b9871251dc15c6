using System.Net;
using System.Net.Sockets;
using Argon.Protocol.Security;

namespace Argon.Client.Tests;

/// <summary>ConnectAsync with several managers when none can be reached: one error that names each of them.</summary>
public sealed class SeveralManagersConnectTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("argon-client-").FullName;

    [Fact]
    public async Task ConnectAsync_WhenNoManagerIsReachable_ThrowsArgonConnectionExceptionNamingEach()
    {
        var (first, second) = (ClosedPort(), ClosedPort());
        var options = new ArgonClientOptions
        {
            Managers = [$"127.0.0.1:{first}", $"127.0.0.1:{second}"],
            KeyFile = WriteKey(),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };

        var error = await Assert.ThrowsAsync<ArgonConnectionException>(() => ArgonClient.ConnectAsync(options)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ArgonConnectionErrorKind.Unreachable, error.Kind);
        Assert.Contains($"127.0.0.1:{first}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{second}", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A loopback port nothing listens on (it was free a moment ago): connecting is refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string WriteKey()
    {
        var path = Path.Combine(_directory, "key");
        File.WriteAllText(path, KeyFile.Generate());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
