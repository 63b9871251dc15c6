using System.Globalization;
using Argon.Cli.Processes;
using Argon.Samples;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Argon.BrowserTests;

/// <summary>
/// The manager's dashboard in a real browser: a real manager (--http) and worker, Debian's headless Chromium driven
/// by Playwright, tasks running meanwhile, the page opened with the --http token in its URL fragment. The page must
/// show the worker, a non-zero throughput, the history charts with their time axes, a failed task's error (without
/// the task's own message) grouped with its repeats and counted, and a killed worker as lost; screenshots are kept at
/// <see cref="Artifacts.Screenshot"/> (wide) and <see cref="Artifacts.NarrowScreenshot"/> (420 px, where nothing may
/// scroll sideways).
/// </summary>
public sealed class DashboardTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Dashboard_ShowsTheWorker_ThroughputAndErrors_WhileTasksRun()
    {
        Assert.True(File.Exists(Chromium.Path), $"{Chromium.Path} is missing: run ./test.sh, which installs Debian's chromium package.");
        using var deadline = new CancellationTokenSource(Limit * 3);
        var tokenDirectory = Directory.CreateTempSubdirectory("argon-browser-");
        var tokenFile = Path.Combine(tokenDirectory.FullName, "http.token");
        var token = Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(tokenFile, token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await using var cluster = await LocalCluster.StartAsync(["--http", "127.0.0.1:0", "--http-token-file", tokenFile], deadline.Token);
        tokenDirectory.Delete(recursive: true); // the manager read the token at start
        var url = await HttpUrlAsync(cluster.Manager);
        cluster.StartWorker(2, [Path.Combine(AppContext.BaseDirectory, "Argon.Samples.dll")]);
        await using var client = await ConnectAsync(cluster, deadline.Token);
        await cluster.WaitForWorkersAsync(client, 1, deadline.Token);
        var workerNode = (await client.GetStatusAsync(deadline.Token)).Workers[0].NodeId;
        var lostNode = await StartAndKillAWorkerAsync(cluster, client, workerNode, deadline.Token);
        var failure = $"dashboard test failure {Guid.NewGuid():N}";
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<ArgonTaskException>(() => client.QueueAsync(new Fail(failure), cancellationToken: deadline.Token));
        }

        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var load = RunLoadAsync(client, stopLoad.Token);
        try
        {
            await using var browser = await Chromium.LaunchAsync();
            var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
            var consoleErrors = new List<string>();
            var requests = new System.Collections.Concurrent.ConcurrentQueue<string>();
            page.Request += (_, request) => requests.Enqueue(request.Url);
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    consoleErrors.Add($"{message.Text} ({message.Location})");
                }
            };
            // The token travels in the URL fragment, which the browser never sends; the page sends it as a bearer header.
            var response = await page.GotoAsync($"{url}#token={token}", new PageGotoOptions { Timeout = (float)Limit.TotalMilliseconds });
            Assert.True(response?.Ok, $"GET {url} answered {response?.Status}");

            var wait = new LocatorAssertionsToContainTextOptions { Timeout = (float)Limit.TotalMilliseconds };
            await Assertions.Expect(page.Locator("#workers-table tbody")).ToContainTextAsync(workerNode, wait);
            Assert.True(await page.Locator("#peers-section").IsHiddenAsync(), "a manager whose worker serves only it shows no Peers panel");
            await Assertions.Expect(page.Locator("#worker-count")).ToHaveTextAsync("1", new() { Timeout = (float)Limit.TotalMilliseconds });
            await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = (float)Limit.TotalMilliseconds });
            await Assertions.Expect(page.Locator("#errors-table tbody")).ToContainTextAsync(nameof(InvalidOperationException), wait);
            var errors = await page.Locator("#errors-table tbody").InnerTextAsync();
            Assert.Equal(1, await page.Locator("#errors-table tbody tr").CountAsync()); // the three failures are one group
            Assert.Contains("× 3", errors, StringComparison.Ordinal);
            Assert.Contains(nameof(Fail), errors, StringComparison.Ordinal);
            Assert.Contains("message hidden", errors, StringComparison.Ordinal);
            Assert.DoesNotContain(failure, errors, StringComparison.Ordinal); // a task's own message may hold its arguments
            await page.WaitForFunctionAsync(
                "() => parseFloat(document.getElementById('throughput').textContent.replace(/,/g, '')) > 0",
                null, new PageWaitForFunctionOptions { Timeout = (float)Limit.TotalMilliseconds });
            await page.WaitForFunctionAsync(
                "() => document.querySelectorAll('#throughput-chart polyline').length === 1 && document.querySelectorAll('#queue-chart polyline').length === 2",
                null, new PageWaitForFunctionOptions { Timeout = (float)Limit.TotalMilliseconds });

            // The killed worker stays listed, as lost, beside the live one.
            var lostRow = page.Locator($"#workers-table tbody tr.lost[data-node='{lostNode}']");
            await Assertions.Expect(lostRow).ToContainTextAsync("lost", wait);
            // Each chart has a time axis: five clock times, oldest first.
            await page.WaitForFunctionAsync(
                "() => ['throughput-axis', 'queue-axis'].every(id => { const t = [...document.querySelectorAll('#' + id + ' span')].map(s => s.textContent);" +
                " return t.length === 5 && t.every(x => /^\\d\\d:\\d\\d:\\d\\d$/.test(x)) && t[0] !== t[4]; })",
                null, new PageWaitForFunctionOptions { Timeout = (float)Limit.TotalMilliseconds });

            var throughput = double.Parse((await page.Locator("#throughput").InnerTextAsync()).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            Assert.True(throughput > 0, $"the page shows a throughput of {throughput}");
            Assert.Contains(" / 2", await page.Locator("#capacity-in-use").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Empty(consoleErrors);
            Assert.All(requests, r => Assert.True(r.StartsWith(url.ToString(), StringComparison.Ordinal) || r.StartsWith("data:", StringComparison.Ordinal),
                $"the page fetched {r}: everything must come from the manager itself"));
            Assert.Contains(requests, r => r.EndsWith("/api/status", StringComparison.Ordinal));

            Directory.CreateDirectory(Path.GetDirectoryName(Artifacts.Screenshot)!);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot, FullPage = true });
            Assert.True(new FileInfo(Artifacts.Screenshot).Length > 0);
            output.WriteLine($"dashboard screenshot: {Artifacts.Screenshot} (throughput shown: {throughput} tasks/s)");
            Console.WriteLine($"dashboard screenshot: {Artifacts.Screenshot}");

            // A phone's width: after the next poll has drawn the page at 420 px, nothing is wider than the screen.
            await page.SetViewportSizeAsync(420, 900);
            var drawn = await page.EvaluateAsync<string>("() => document.body.dataset.updated");
            await page.WaitForFunctionAsync($"() => document.body.dataset.updated !== '{drawn}'", null,
                new PageWaitForFunctionOptions { Timeout = (float)Limit.TotalMilliseconds });
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            Assert.True(widths[0] <= widths[1], $"at 420 px the page is {widths[0]} px wide (viewport {widths[1]} px): it scrolls sideways");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.NarrowScreenshot, FullPage = true });
            Assert.True(new FileInfo(Artifacts.NarrowScreenshot).Length > 0);
            Console.WriteLine($"dashboard screenshot (420 px): {Artifacts.NarrowScreenshot}");
        }
        finally
        {
            await stopLoad.CancelAsync();
            await load;
        }
    }

    /// <summary>
    /// Issue 18: a manager's dashboard lists the other managers its workers serve, with how many of them reach each
    /// and the state in words, readable at a phone's width; the panel turns to "no worker reaches it" once the peer is
    /// killed. (The single-manager test above has no peer: there the panel stays hidden.)
    /// </summary>
    [Fact]
    public async Task Dashboard_ShowsPeerManagers_AsTheWorkersReachThem_AtNarrowWidth()
    {
        Assert.True(File.Exists(Chromium.Path), $"{Chromium.Path} is missing: run ./test.sh, which installs Debian's chromium package.");
        using var deadline = new CancellationTokenSource(Limit * 3);
        await using var cluster = await LocalCluster.StartAsync(["--http", "127.0.0.1:0"], deadline.Token);
        var url = await HttpUrlAsync(cluster.Manager);
        await using var peer = ArgonProcess.Start("peer manager", ["manager", "--host", "127.0.0.1", "--port", "0", "--key", cluster.KeyFile]);
        var peerEndpoint = $"127.0.0.1:{await peer.WaitForListeningPortAsync("manager", Limit, deadline.Token)}";
        cluster.StartWorker(1, [Path.Combine(AppContext.BaseDirectory, "Argon.Samples.dll")], ["--manager", peerEndpoint]);

        await using var browser = await Chromium.LaunchAsync();
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        await page.SetViewportSizeAsync(360, 800);
        var response = await page.GotoAsync(url.ToString(), new PageGotoOptions { Timeout = (float)Limit.TotalMilliseconds });
        Assert.True(response?.Ok, $"GET {url} answered {response?.Status}");

        var card = page.Locator($"#peers li[data-endpoint='{peerEndpoint}']");
        var wait = new LocatorAssertionsToContainTextOptions { Timeout = (float)Limit.TotalMilliseconds };
        await Assertions.Expect(card).ToContainTextAsync("reached by 1 of 1 worker", wait);
        await Assertions.Expect(card).ToContainTextAsync("all workers reach it", wait);
        await Assertions.Expect(page.Locator("#peers-section")).ToBeVisibleAsync();
        var box = await card.BoundingBoxAsync();
        Assert.True(box is { X: >= 0 } && box.X + box.Width <= 360, $"the peer's card ({box?.X} + {box?.Width}) fits a 360-pixel-wide screen");

        peer.Kill();
        await Assertions.Expect(card).ToContainTextAsync("reached by 0 of 1 worker", wait);
        await Assertions.Expect(card).ToContainTextAsync("no worker reaches it", wait);
        Assert.Contains("none", await card.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
    }

    /// <summary>Starts a second worker, waits until the manager routes to it, kills it and waits until it is dropped; its node.</summary>
    private static async Task<string> StartAndKillAWorkerAsync(LocalCluster cluster, ArgonClient client, string keep, CancellationToken cancellationToken)
    {
        var worker = cluster.StartWorker(1, [Path.Combine(AppContext.BaseDirectory, "Argon.Samples.dll")]);
        await cluster.WaitForWorkersAsync(client, 2, cancellationToken);
        var node = (await client.GetStatusAsync(cancellationToken)).Workers.Single(w => w.NodeId != keep).NodeId;
        worker.Kill();
        while ((await client.GetStatusAsync(cancellationToken)).Workers.Count != 1)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken); // bounded by the test's deadline
        }

        return node;
    }

    /// <summary>Keeps tasks flowing (a few in flight at a time) until stopped, so the page has a throughput to show.</summary>
    private static async Task RunLoadAsync(ArgonClient client, CancellationToken cancellationToken)
    {
        for (var round = 0; round < 100_000 && !cancellationToken.IsCancellationRequested; round++)
        {
            try
            {
                await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.QueueAsync(new Sleep(5 + i), cancellationToken: cancellationToken)));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Connects, trying up to three times: on a loaded 2-core machine the first TLS handshakes of freshly started
    /// processes can outlast the protocol's 5 s handshake limit, and this test is about the dashboard, not that.
    /// </summary>
    private static async Task<ArgonClient> ConnectAsync(LocalCluster cluster, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ArgonClient.ConnectAsync(cluster.ClientOptions(), cancellationToken);
            }
            catch (ArgonConnectionException) when (attempt < 3)
            {
                // Try again: the manager is up (it printed its address), only slow.
            }
        }
    }

    private static async Task<Uri> HttpUrlAsync(ArgonProcess manager)
    {
        const string Prefix = "argon manager http on ";
        var line = await manager.WaitForLineAsync(l => l.StartsWith(Prefix, StringComparison.Ordinal), Limit);
        return new Uri(line[Prefix.Length..].Trim() + "/");
    }
}
