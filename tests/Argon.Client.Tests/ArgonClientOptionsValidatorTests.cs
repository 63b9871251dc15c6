using Argon.DependencyInjection;

namespace Argon.Client.Tests;

public sealed class ArgonClientOptionsValidatorTests : IDisposable
{
    private readonly string _keyFile = Path.GetTempFileName();

    [Fact]
    public void Validate_HostPortAndAnExistingKeyFile_Succeeds() =>
        Assert.True(Validate(new ArgonClientOptions { Host = "localhost", Port = 8000, KeyFile = _keyFile }).Succeeded);

    [Fact]
    public void Validate_NoKeyFile_FailsNamingIt() =>
        Assert.Contains("KeyFile is not set", Validate(new ArgonClientOptions()).FailureMessage, StringComparison.Ordinal);

    [Fact]
    public void Validate_AKeyFileThatDoesNotExist_FailsNamingThePath()
    {
        var missing = _keyFile + ".missing";

        Assert.Contains(missing, Validate(new ArgonClientOptions { KeyFile = missing }).FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void Validate_PortOutOfRange_Fails(int port) =>
        Assert.Contains($"Port {port}", Validate(new ArgonClientOptions { Port = port, KeyFile = _keyFile }).FailureMessage, StringComparison.Ordinal);

    [Fact]
    public void Validate_EmptyHost_Fails() =>
        Assert.Contains("Host is empty", Validate(new ArgonClientOptions { Host = " ", KeyFile = _keyFile }).FailureMessage, StringComparison.Ordinal);

    [Fact]
    public void Validate_ManagersWithABadEntry_FailsNamingIt_AndIgnoresHostAndPort()
    {
        var result = Validate(new ArgonClientOptions { Host = "", Port = 0, Managers = ["a:1", "nonsense"], KeyFile = _keyFile });

        Assert.Contains("nonsense", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Host is empty", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TimesAndAttempts_AreChecked()
    {
        var result = Validate(new ArgonClientOptions
        {
            KeyFile = _keyFile,
            ConnectTimeout = TimeSpan.Zero,
            DefaultTimeout = TimeSpan.FromSeconds(-1),
            HeartbeatInterval = TimeSpan.FromSeconds(5),
            HeartbeatTimeout = TimeSpan.FromSeconds(5),
            DefaultMaxAttempts = 0,
        });

        Assert.Equal(4, result.Failures!.Count());
    }

    public void Dispose() => File.Delete(_keyFile);

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(ArgonClientOptions options) =>
        new ArgonClientOptionsValidator().Validate(null, options);
}
