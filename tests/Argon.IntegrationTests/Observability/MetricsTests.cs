using System.Net;
using System.Text.Json;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Argon.TestTasks;

namespace Argon.IntegrationTests.Observability;

/// <summary>
/// /metrics of the manager and the worker, scraped and parsed as Prometheus text: the counters move as tasks run,
/// fail and are denied, and the gauges tell the cluster as it is at scrape time. Also /healthz and /api/status.
/// </summary>
public sealed class MetricsTests(ObservedClusterFixture fixture) : IClassFixture<ObservedClusterFixture>
{
    private const string Succeeded = "succeeded";

    [Fact]
    public async Task Metrics_CountSucceededTasks_AndTheirDurations_OnManagerAndWorker()
    {
        var manager = await HttpScrape.MetricsAsync(fixture.ManagerUrl);
        var worker = await HttpScrape.MetricsAsync(fixture.WorkerUrl);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(2 * i, await fixture.Client.QueueAsync(new Add(i, i)).WaitAsync(Limits.Call));
        }

        var managerAfter = await HttpScrape.MetricsAsync(fixture.ManagerUrl);
        var workerAfter = await HttpScrape.MetricsAsync(fixture.WorkerUrl);
        Assert.Equal(5, Delta(manager, managerAfter, "argon_manager_tasks_submitted_total"));
        Assert.Equal(5, Delta(manager, managerAfter, "argon_manager_tasks_outcomes_total", ("status", Succeeded)));
        Assert.Equal(5, Delta(manager, managerAfter, "argon_manager_task_duration_seconds_count", ("status", Succeeded)));
        Assert.Equal(5, Delta(worker, workerAfter, "argon_worker_task_duration_seconds_count", ("status", Succeeded)));
        Assert.Equal("counter", managerAfter.TypesByFamily["argon_manager_tasks_submitted_total"]);
        Assert.Equal("histogram", managerAfter.TypesByFamily["argon_manager_task_duration_seconds"]);

        // Gauges come from the dispatcher's snapshot at scrape time.
        Assert.Equal(1, managerAfter.Value("argon_manager_workers"));
        Assert.Equal(1, managerAfter.Value("argon_manager_capacity"));
        Assert.Equal(ObservedClusterFixture.QueueSize, managerAfter.Value("argon_manager_queue_limit"));
        Assert.Equal(0, managerAfter.Value("argon_manager_in_flight"));
        Assert.Equal(0, managerAfter.Value("argon_manager_queue_depth", ("priority", "normal")));
        Assert.True(managerAfter.Value("argon_manager_connections_open") >= 2, "the worker and the client are connected");
        Assert.True(managerAfter.Value("argon_manager_connections_total", ("role", "worker")) >= 1);
        Assert.Equal(0, workerAfter.Value("argon_worker_tasks_running"));
        Assert.Equal(1, workerAfter.Value("argon_worker_capacity"));
    }

    [Fact]
    public async Task Metrics_CountAFailedTask_AndTheStatusApiListsItsError_WithoutItsMessage()
    {
        var message = $"metrics test failure {Guid.NewGuid():N}";
        var before = await HttpScrape.MetricsAsync(fixture.ManagerUrl);

        await Assert.ThrowsAsync<ArgonTaskException>(() => fixture.Client.QueueAsync(new Fail(message)).WaitAsync(Limits.Call));

        var after = await HttpScrape.MetricsAsync(fixture.ManagerUrl);
        Assert.Equal(1, Delta(before, after, "argon_manager_tasks_outcomes_total", ("status", "faulted")));
        Assert.Equal(0, Delta(before, after, "argon_manager_tasks_outcomes_total", ("status", Succeeded)));
        Assert.Equal(1, Delta(before, after, "argon_manager_task_duration_seconds_count", ("status", "faulted")));

        var (status, mediaType, body) = await HttpScrape.GetAsync(fixture.ManagerUrl, "api/status");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", mediaType);
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("errors").EnumerateArray().First();
        Assert.Equal("faulted", error.GetProperty("status").GetString());
        Assert.Contains(nameof(Fail), error.GetProperty("task").GetString(), StringComparison.Ordinal);
        Assert.Equal(typeof(InvalidOperationException).FullName, error.GetProperty("type").GetString());
        var workerNode = (await fixture.Client.GetStatusAsync().WaitAsync(Limits.Call)).Workers[0].NodeId;
        Assert.StartsWith(workerNode, error.GetProperty("node").GetString(), StringComparison.Ordinal);

        // A task's own exception message can hold its arguments (here it is one): /api/status never shows it.
        Assert.DoesNotContain(message, body, StringComparison.Ordinal);
        Assert.Contains("hidden", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_CountDeniedTasks_AsQueueFull_AndShowTheQueueWhileItIsFull()
    {
        // A cluster of its own: its worker has no task-time history yet, so it is prefetched one task, not many.
        const int Burst = 12;
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 1,
            ["--http", "127.0.0.1:0", "--queue-size", ObservedClusterFixture.QueueSize.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var url = await HttpScrape.UrlAsync(cluster.Manager, "manager");
        var before = await HttpScrape.MetricsAsync(url);

        var calls = Enumerable.Range(0, Burst).Select(_ => cluster.Client.QueueAsync(new Sleep(400))).ToArray();
        var during = await EventuallyAsync(url,
            m => m.Value("argon_manager_queue_depth", ("priority", "normal")) == ObservedClusterFixture.QueueSize, "the queue is full");
        await Task.WhenAny(Task.WhenAll(calls), Task.Delay(Limits.Call * 2));

        Assert.All(calls, c => Assert.True(c.IsCompleted, "a call had no outcome"));
        var succeeded = calls.Count(c => c.IsCompletedSuccessfully);
        var denied = calls.Count(c => c.IsFaulted && c.Exception!.InnerException is ArgonRejectedException);
        Assert.Equal(Burst, succeeded + denied);
        Assert.True(denied > 0, "the burst was never denied");
        Assert.True(during.Value("argon_manager_in_flight") >= 1, "a task ran while the queue was full");
        var after = await HttpScrape.MetricsAsync(url);
        Assert.Equal(denied, Delta(before, after, "argon_manager_tasks_denied_total", ("reason", "queue_full")));
        Assert.Equal(0, Delta(before, after, "argon_manager_tasks_denied_total", ("reason", "no_workers")));
        Assert.Equal(succeeded, Delta(before, after, "argon_manager_tasks_submitted_total"));
        Assert.Equal(succeeded, Delta(before, after, "argon_manager_tasks_outcomes_total", ("status", Succeeded)));
    }

    [Fact]
    public async Task WorkerMetrics_CountExecutorRestarts_WhenATaskCrashesItsExecutor()
    {
        var before = await HttpScrape.MetricsAsync(fixture.WorkerUrl);

        await Assert.ThrowsAsync<ArgonTaskCrashedException>(() => fixture.Client.QueueAsync(new FailFast("metrics test crash")).WaitAsync(Limits.Call));

        var after = await HttpScrape.MetricsAsync(fixture.WorkerUrl);
        Assert.True(Delta(before, after, "argon_worker_executor_restarts_total", ("cause", "crashed")) >= 1, "no executor restart was counted");
        Assert.Equal(1, Delta(before, after, "argon_worker_task_duration_seconds_count", ("status", "crashed")));
        Assert.Equal(0, Delta(before, after, "argon_worker_executor_restarts_total", ("cause", "recycled")));

        // The worker is whole again for the next test.
        Assert.Equal(7, await fixture.Client.QueueAsync(new Add(3, 4)).WaitAsync(Limits.Call));
    }

    [Fact]
    public async Task Healthz_AndStatusApi_DescribeTheCluster()
    {
        var health = await HttpScrape.GetAsync(fixture.ManagerUrl, "healthz");
        Assert.Equal((HttpStatusCode.OK, "ok\n"), (health.Status, health.Body));
        Assert.Equal(HttpStatusCode.OK, (await HttpScrape.GetAsync(fixture.WorkerUrl, "healthz")).Status);
        var expected = await fixture.Client.GetStatusAsync().WaitAsync(Limits.Call);

        var (_, _, body) = await HttpScrape.GetAsync(fixture.ManagerUrl, "api/status");

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(expected.Node, root.GetProperty("node").GetString());
        Assert.Equal(1, root.GetProperty("capacity").GetInt32());
        Assert.Equal(ObservedClusterFixture.QueueSize, root.GetProperty("queue").GetProperty("limit").GetInt32());
        var worker = Assert.Single(root.GetProperty("workers").EnumerateArray().ToArray());
        Assert.Equal(expected.Workers[0].NodeId, worker.GetProperty("node").GetString());
        Assert.Equal(expected.Workers[0].Address, worker.GetProperty("address").GetString());
        Assert.Equal(1, worker.GetProperty("capacity").GetInt32());
        Assert.True(worker.GetProperty("uptimeSeconds").GetDouble() > 0);
        Assert.True(worker.TryGetProperty("averageTaskMs", out _));
        Assert.True(worker.TryGetProperty("inFlight", out _));
        Assert.True(root.TryGetProperty("throughput", out _));
        Assert.NotEmpty(root.GetProperty("history").EnumerateArray());
        foreach (var (path, type) in new[] { ("", "text/html"), ("dashboard.js", "text/javascript"), ("dashboard.css", "text/css") })
        {
            var file = await HttpScrape.GetAsync(fixture.ManagerUrl, path);
            Assert.Equal((HttpStatusCode.OK, type), (file.Status, file.MediaType));
            Assert.DoesNotContain("://", file.Body.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal); // no CDN
        }
    }

    [Fact]
    public async Task Metrics_CountDenials_AsNoWorkers_WhenNoneIsRegistered()
    {
        await using var cluster = await LocalCluster.StartAsync(["--http", "127.0.0.1:0", "--queue-size", "1"]);
        var url = await HttpScrape.UrlAsync(cluster.Manager, "manager");
        await using var client = await ArgonClient.ConnectAsync(cluster.ClientOptions());

        var waiting = client.QueueAsync(new Add(1, 1));
        var denied = await Assert.ThrowsAsync<ArgonRejectedException>(() => client.QueueAsync(new Add(2, 2)).WaitAsync(Limits.Call));

        Assert.Contains("no worker", denied.Message, StringComparison.Ordinal);
        var metrics = await HttpScrape.MetricsAsync(url);
        Assert.Equal(1, metrics.Value("argon_manager_tasks_denied_total", ("reason", "no_workers")));
        Assert.Equal(0, metrics.Value("argon_manager_tasks_denied_total", ("reason", "queue_full")));
        Assert.Equal(1, metrics.Value("argon_manager_tasks_submitted_total"));
        Assert.Equal(1, metrics.Value("argon_manager_queue_depth", ("priority", "normal")));
        Assert.Equal(0, metrics.Value("argon_manager_workers"));
        Assert.False(waiting.IsCompleted);
    }

    private static double Delta(PrometheusText before, PrometheusText after, string name, params (string Name, string Value)[] labels) =>
        after.Value(name, labels) - before.Value(name, labels);

    private static async Task<PrometheusText> EventuallyAsync(Uri url, Func<PrometheusText, bool> condition, string what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var metrics = await HttpScrape.MetricsAsync(url);
            if (condition(metrics))
            {
                return metrics;
            }

            if (watch.Elapsed > Limits.Reaction)
            {
                throw new TimeoutException($"Not within {Limits.Reaction.TotalSeconds:0} s: {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }
    }
}
