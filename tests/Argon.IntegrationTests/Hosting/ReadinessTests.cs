using System.Globalization;
using System.Net;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;

namespace Argon.IntegrationTests.Hosting;

/// <summary>/readyz: the manager is ready once listening; a worker once registered with a manager (stand-alone: listening).</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Manager_IsReady_OnceListening()
    {
        using var temp = new TempDirectory();
        await using var manager = ArgonProcess.Start("manager --http",
            ["manager", "--host", "127.0.0.1", "--port", "0", "--key", temp.WriteRandomKey(), "--http", "0"]);
        var url = await HttpScrape.UrlAsync(manager, "manager");

        var (status, mediaType, body) = await HttpScrape.GetAsync(url, "readyz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/plain", mediaType);
        Assert.Equal("ready\n", body);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the token file is checked by its Unix mode
    public async Task Readyz_IsOpenWithoutTheHttpToken_LikeHealthz()
    {
        using var temp = new TempDirectory();
        var tokenFile = temp.WriteKeyText("http.token", "a-token-for-the-http-port\n");
        await using var manager = ArgonProcess.Start("manager --http with a token",
            ["manager", "--host", "127.0.0.1", "--port", "0", "--key", temp.WriteRandomKey(), "--http", "0", "--http-token-file", tokenFile]);
        var url = await HttpScrape.UrlAsync(manager, "manager");

        Assert.Equal(HttpStatusCode.Unauthorized, (await HttpScrape.GetAsync(url, "metrics")).Status);
        Assert.Equal(HttpStatusCode.OK, (await HttpScrape.GetAsync(url, "readyz")).Status);
    }

    [Fact]
    public async Task Worker_IsNotReady_UntilItRegistersWithItsManager()
    {
        using var temp = new TempDirectory();
        var key = temp.WriteRandomKey("cluster.key");
        var port = FreePort.Next();
        await using var worker = ArgonProcess.Start("worker before its manager",
        [
            "worker", "--manager", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--capacity", "1", "--key", key,
            "--load", TaskLibrary.AssemblyPath, "--http", "0",
        ]);
        var url = await HttpScrape.UrlAsync(worker, "worker");

        var (status, mediaType, body) = await HttpScrape.GetAsync(url, "readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("text/plain", mediaType);
        Assert.Contains("not registered", body, StringComparison.Ordinal);

        await using var manager = ArgonProcess.Start("the worker's manager",
            ["manager", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--key", key]);
        await manager.WaitForListeningPortAsync("manager", Limits.Startup);

        // The worker connects again on a capped backoff (5 s at most): poll, with a deadline.
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while ((await HttpScrape.GetAsync(url, "readyz")).Status != HttpStatusCode.OK)
        {
            Assert.True(deadline.Elapsed < Limits.Startup, $"the worker's /readyz did not answer 200 within {Limits.Startup} of its manager's start");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    [Fact]
    public async Task StandaloneWorker_IsReady_OnceListening()
    {
        using var temp = new TempDirectory();
        await using var worker = ArgonProcess.Start("stand-alone worker --http",
        [
            "worker", "--host", "127.0.0.1", "--port", "0", "--capacity", "1", "--key", temp.WriteRandomKey(),
            "--load", TaskLibrary.AssemblyPath, "--http", "0",
        ]);
        var url = await HttpScrape.UrlAsync(worker, "worker");

        Assert.Equal(HttpStatusCode.OK, (await HttpScrape.GetAsync(url, "readyz")).Status);
    }
}
