using System.Net;
using System.Net.Sockets;
using Argon.Cli.Commands;
using Argon.IntegrationTests.Infrastructure;

namespace Argon.IntegrationTests;

/// <summary>What goes wrong at the command line is one line, saying what to do, with exit code 2 and no stack trace.</summary>
public sealed class StartupErrorTests
{
    [Fact]
    public async Task UnknownOption_ExitsTwo_WithOneLine()
    {
        var (exitCode, lines) = await CommandRun.RunAsync("manager", "--no-such-option");

        CommandRun.AssertConfigurationError(exitCode, lines, "--no-such-option", "argon manager --help");
    }

    [Fact]
    public async Task Keygen_IntoAMissingFolder_ExitsTwo_SayingToCreateIt()
    {
        using var temp = new TempDirectory();
        var folder = Path.Combine(temp.Path, "missing");

        var (exitCode, lines) = await CommandRun.RunAsync("keygen", Path.Combine(folder, "key"));

        CommandRun.AssertConfigurationError(exitCode, lines, folder, "does not exist", "mkdir");
    }

    [Fact]
    public async Task Keygen_OntoAFolder_ExitsTwo_SayingToNameAFile()
    {
        using var temp = new TempDirectory();

        var (exitCode, lines) = await CommandRun.RunAsync("keygen", temp.Path, "--force");

        CommandRun.AssertConfigurationError(exitCode, lines, temp.Path, "is a folder");
    }

    [Fact]
    public async Task Manager_WhenItsPortIsInUse_ExitsTwo_NamingThePort()
    {
        using var temp = new TempDirectory();
        using var taken = TakePort(out var port);

        var (exitCode, lines) = await CommandRun.RunAsync("manager", "--host", "127.0.0.1", "--port", $"{port}", "--key", Key(temp));

        CommandRun.AssertConfigurationError(exitCode, lines, $"port {port} on 127.0.0.1 is in use", "--port");
    }

    [Fact]
    public async Task Manager_WithEvalWaitOfZero_ExitsTwo_NamingTheOption()
    {
        using var temp = new TempDirectory();

        var (exitCode, lines) = await CommandRun.RunAsync("manager", "--host", "127.0.0.1", "--port", "0", "--key", Key(temp), "--eval-wait", "0s");

        CommandRun.AssertConfigurationError(exitCode, lines, "--eval-wait must be more than 0");
    }

    [Fact]
    public async Task Manager_WhenItsHttpPortIsInUse_ExitsTwo_NamingHttp()
    {
        using var temp = new TempDirectory();
        using var taken = TakePort(out var port);

        var (exitCode, lines) = await CommandRun.RunAsync("manager", "--host", "127.0.0.1", "--port", "0", "--key", Key(temp), "--http", $"{port}");

        CommandRun.AssertConfigurationError(exitCode, lines, $"port {port} on 127.0.0.1 is in use", "--http");
    }

    [Fact]
    public async Task Worker_WhenItsPortIsInUse_ExitsTwo_NamingThePort()
    {
        using var temp = new TempDirectory();
        using var taken = TakePort(out var port);

        var (exitCode, lines) = await CommandRun.RunAsync(
            "worker", "--host", "127.0.0.1", "--port", $"{port}", "--capacity", "1", "--key", Key(temp), "--load", TaskLibrary.AssemblyPath);

        CommandRun.AssertConfigurationError(exitCode, lines, $"port {port} on 127.0.0.1 is in use", "--port");
    }

    [Fact]
    public async Task Worker_WhenItsHttpPortIsInUse_ExitsTwo_NamingHttp()
    {
        using var temp = new TempDirectory();
        using var taken = TakePort(out var port);

        var (exitCode, lines) = await CommandRun.RunAsync(
            "worker", "--host", "127.0.0.1", "--port", "0", "--capacity", "1", "--key", Key(temp), "--load", TaskLibrary.AssemblyPath, "--http", $"127.0.0.1:{port}");

        CommandRun.AssertConfigurationError(exitCode, lines, $"port {port} on 127.0.0.1 is in use", "--http");
    }

    /// <summary>Listens on a free loopback port, so that an `argon` process asked to bind it cannot.</summary>
    private static TcpListener TakePort(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }

    private static string Key(TempDirectory temp)
    {
        var path = Path.Combine(temp.Path, "cluster.key");
        KeygenCommand.Write(path, overwrite: false);
        return path;
    }
}
