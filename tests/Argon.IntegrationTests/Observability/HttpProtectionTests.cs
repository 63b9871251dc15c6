using System.Net;
using System.Net.Http.Headers;
using Argon.Cli.Commands;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;

namespace Argon.IntegrationTests.Observability;

/// <summary>
/// The --http port's protection: loopback unless told otherwise, a bearer token from --http-token-file on every
/// data path, and the Host header checked against DNS rebinding.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // token files are checked by their Unix mode
public sealed class HttpProtectionTests
{
    private const string Token = "t0ken-for-the-http-port";
    private static readonly HttpClient Http = new() { Timeout = Limits.Call };

    [Fact]
    public async Task Http_WithOnlyAPort_BindsLoopback()
    {
        using var temp = new TempDirectory();
        await using var manager = StartManager(temp, "--http", "0");

        var url = await HttpScrape.UrlAsync(manager, "manager");

        Assert.Equal("127.0.0.1", url.Host);
        Assert.Equal(HttpStatusCode.OK, (await HttpScrape.GetAsync(url, "api/status")).Status);
    }

    [Fact]
    public async Task Http_OnEveryInterface_WithoutTokenOrPublic_ExitsTwo_SayingWhatToPass()
    {
        using var temp = new TempDirectory();

        var (exitCode, lines) = await CommandRun.RunAsync(
            "manager", "--host", "127.0.0.1", "--port", "0", "--key", Key(temp), "--http", "0.0.0.0:0");

        CommandRun.AssertConfigurationError(exitCode, lines, "--http-token-file", "--http-public");
    }

    [Fact]
    public async Task Http_WithATokenFileOthersCanRead_ExitsTwo_SayingToChmod()
    {
        using var temp = new TempDirectory();
        var tokenFile = TokenFile(temp);
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var (exitCode, lines) = await CommandRun.RunAsync(
            "manager", "--host", "127.0.0.1", "--port", "0", "--key", Key(temp), "--http", "0", "--http-token-file", tokenFile);

        CommandRun.AssertConfigurationError(exitCode, lines, $"chmod 600 {tokenFile}");
    }

    [Fact]
    public async Task Manager_WithAToken_AnswersMetricsAndStatusOnlyWithTheBearerToken()
    {
        using var temp = new TempDirectory();
        await using var manager = StartManager(temp, "--http", "127.0.0.1:0", "--http-token-file", TokenFile(temp));
        var url = await HttpScrape.UrlAsync(manager, "manager");

        foreach (var path in (string[])["metrics", "api/status"])
        {
            using var without = await GetAsync(url, path, token: null);
            Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
            Assert.Equal("Bearer", without.Headers.WwwAuthenticate.Single().Scheme);
            using var wrong = await GetAsync(url, path, token: "not-" + Token);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            using var with = await GetAsync(url, path, Token);
            Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        }

        // The probe and the dashboard's files hold no data: open, for load balancers and for the page itself.
        foreach (var path in (string[])["healthz", "", "dashboard.js"])
        {
            using var open = await GetAsync(url, path, token: null);
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        }
    }

    [Fact]
    public async Task Worker_WithAToken_AnswersMetricsOnlyWithTheBearerToken()
    {
        using var temp = new TempDirectory();
        await using var worker = ArgonProcess.Start("worker with --http token",
        [
            "worker", "--host", "127.0.0.1", "--port", "0", "--capacity", "1", "--key", Key(temp), "--load", TaskLibrary.AssemblyPath,
            "--http", "0", "--http-token-file", TokenFile(temp),
        ]);
        var url = await HttpScrape.UrlAsync(worker, "worker");

        using var without = await GetAsync(url, "metrics", token: null);
        using var with = await GetAsync(url, "metrics", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    [Fact]
    public async Task Http_RefusesAHostHeaderItDoesNotAnswerTo()
    {
        using var temp = new TempDirectory();
        await using var manager = StartManager(temp, "--http", "0", "--http-allowed-hosts", "argon.test");
        var url = await HttpScrape.UrlAsync(manager, "manager");

        Assert.Equal(HttpStatusCode.BadRequest, await StatusForHostAsync(url, "rebinding.example"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusForHostAsync(url, $"rebinding.example:{url.Port}"));
        Assert.Equal(HttpStatusCode.OK, await StatusForHostAsync(url, $"localhost:{url.Port}"));
        Assert.Equal(HttpStatusCode.OK, await StatusForHostAsync(url, $"127.0.0.1:{url.Port}"));
        Assert.Equal(HttpStatusCode.OK, await StatusForHostAsync(url, "argon.test"));
    }

    private static async Task<HttpStatusCode> StatusForHostAsync(Uri url, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "api/status"));
        request.Headers.Host = host;
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> GetAsync(Uri url, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request);
    }

    private static ArgonProcess StartManager(TempDirectory temp, params string[] http) =>
        ArgonProcess.Start("manager with --http", ["manager", "--host", "127.0.0.1", "--port", "0", "--key", Key(temp), .. http]);

    private static string TokenFile(TempDirectory temp)
    {
        var path = Path.Combine(temp.Path, "http.token");
        File.WriteAllText(path, Token + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private static string Key(TempDirectory temp)
    {
        var path = Path.Combine(temp.Path, "cluster.key");
        if (!File.Exists(path))
        {
            KeygenCommand.Write(path, overwrite: false);
        }

        return path;
    }
}
