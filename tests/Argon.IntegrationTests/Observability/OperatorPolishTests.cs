using System.Net;
using System.Text.Json;
using Argon.Cli.Console;
using Argon.Cli.Processes;
using Argon.Hosting;
using Argon.IntegrationTests.Infrastructure;

namespace Argon.IntegrationTests.Observability;

/// <summary>
/// What an operator sees besides the data: `argon status --json` in /api/status's shape, /healthz as text/plain,
/// argon_build_info on both /metrics, `--help` true to what each role serves, and durations for people.
/// </summary>
public sealed class OperatorPolishTests(ObservedClusterFixture fixture) : IClassFixture<ObservedClusterFixture>
{
    /// <summary>What only /api/status has: the HTTP side's history and recent errors (and the recently lost workers).</summary>
    private static readonly string[] HttpOnly = ["history", "errors", "lostWorkers"];

    [Fact]
    public async Task StatusJson_HasTheNamesAndShapeOfApiStatus()
    {
        var local = fixture.Cluster.Cluster;
        await using var process = ArgonProcess.Start("argon status --json",
            ["status", "--json", "--manager", $"127.0.0.1:{local.Port}", "--key", local.KeyFile]);
        Assert.Equal(0, await Eventually.ExitAsync(process));
        using var cli = JsonDocument.Parse(string.Join('\n', process.Lines));
        var (_, _, body) = await HttpScrape.GetAsync(fixture.ManagerUrl, "api/status");
        using var api = JsonDocument.Parse(body);

        Assert.Equal(Names(api.RootElement).Except(HttpOnly), Names(cli.RootElement));
        foreach (var part in (string[])["queue", "tasks"])
        {
            Assert.Equal(Names(api.RootElement.GetProperty(part)), Names(cli.RootElement.GetProperty(part)));
        }

        var apiWorker = Assert.Single(api.RootElement.GetProperty("workers").EnumerateArray().ToArray());
        var cliWorker = Assert.Single(cli.RootElement.GetProperty("workers").EnumerateArray().ToArray());
        Assert.Equal(Names(apiWorker), Names(cliWorker));
        Assert.Equal(apiWorker.GetProperty("node").GetString(), cliWorker.GetProperty("node").GetString());
        Assert.Equal(JsonValueKind.Number, cli.RootElement.GetProperty("uptimeSeconds").ValueKind);
        Assert.Equal(api.RootElement.GetProperty("node").GetString(), cli.RootElement.GetProperty("node").GetString());
    }

    [Fact]
    public async Task Healthz_IsPlainText_OnManagerAndWorker()
    {
        foreach (var url in new[] { fixture.ManagerUrl, fixture.WorkerUrl })
        {
            var health = await HttpScrape.GetAsync(url, "healthz");
            Assert.Equal((HttpStatusCode.OK, "text/plain", "ok\n"), (health.Status, health.MediaType, health.Body));
        }
    }

    [Fact]
    public async Task BuildInfo_IsOne_WithVersionCommitAndRuntime_OnManagerAndWorker()
    {
        var values = BuildInfo.LabelValues;
        Assert.StartsWith(".NET ", values[2], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(values[0]));
        foreach (var url in new[] { fixture.ManagerUrl, fixture.WorkerUrl })
        {
            var metrics = await HttpScrape.MetricsAsync(url);
            Assert.Equal(1, metrics.Value("argon_build_info", ("version", values[0]), ("commit", values[1]), ("runtime", values[2])));
        }
    }

    [Fact]
    public async Task Help_PromisesOnlyWhatEachRoleServes()
    {
        var worker = await HelpAsync("worker");
        var manager = await HelpAsync("manager");

        Assert.Contains("/metrics", worker, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/status", worker, StringComparison.Ordinal);
        Assert.DoesNotContain("dashboard", worker, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/api/status", manager, StringComparison.Ordinal);
        Assert.Contains("dashboard", manager, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuggestDirective_CompletesOptions_ForShellCompletion()
    {
        await using var process = ArgonProcess.Start("argon [suggest]", ["[suggest:12]", "worker --cap"]);
        Assert.Equal(0, await Eventually.ExitAsync(process));
        Assert.Equal(["--capacity"], process.Lines.Where(l => l.Length > 0));
    }

    [Theory]
    [InlineData(0.25, "250 ms")]
    [InlineData(32, "32 s")]
    [InlineData(60, "1 m")]
    [InlineData(312, "5 m 12 s")]
    [InlineData(7380, "2 h 3 m")]
    [InlineData(7200, "2 h")]
    [InlineData(3 * 86400 + 4 * 3600 + 59, "3 d 4 h")]
    public void HumanDuration_ShowsTheTwoLargestUnits(double seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static async Task<string> HelpAsync(string role)
    {
        await using var process = ArgonProcess.Start($"argon {role} --help", [role, "--help"]);
        Assert.Equal(0, await Eventually.ExitAsync(process));
        return string.Join('\n', process.Lines);
    }
}
