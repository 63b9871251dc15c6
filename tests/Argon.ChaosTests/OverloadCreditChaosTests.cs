using System.Diagnostics;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Xunit.Abstractions;

namespace Argon.ChaosTests;

/// <summary>
/// Issue 17, finding 1: Retry clients that keep within their credit are never denied, even under a 5× overload while
/// a second and a third Retry client join and leave. The manager's own deny counter (on /metrics) must stay at 0.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class OverloadCreditChaosTests(ITestOutputHelper output)
{
    private const int TaskMs = 20;
    private const int Executors = 2;

    /// <summary>The overload lasts 20 s; the second and third clients join and leave inside it.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task FiveTimesOverload_WithRetryClientsJoiningAndLeaving_NoneIsEverDenied()
    {
        await using var manager = await RestartableManager.StartAsync(["--http", "127.0.0.1:0"]);
        var http = await HttpScrape.UrlAsync(manager.Process, "manager");
        await using var worker = ArgonProcess.Start("worker", manager.WorkerArguments(capacity: Executors));
        await using (var status = await ArgonClient.ConnectAsync(manager.ClientOptions()))
        {
            await Eventually.StatusAsync(status, s => s.Capacity == Executors, "the worker registered", Limits.Startup);
        }

        // The cluster runs about Executors × 1000 / TaskMs tasks a second; the first client alone offers five times that
        // for the whole window, and the second and third add to it while they are there.
        var perSecond = 5 * Executors * 1000 / TaskMs;
        var watch = Stopwatch.StartNew();
        var first = RunClientAsync(manager, watch, from: TimeSpan.Zero, until: Window, perSecond);
        var second = RunClientAsync(manager, watch, from: Window * 0.2, until: Window * 0.6, perSecond / 4);
        var third = RunClientAsync(manager, watch, from: Window * 0.4, until: Window * 0.9, perSecond / 4);
        var results = await Task.WhenAll(first, second, third).WaitAsync(Window + Limits.Call);

        var metrics = await HttpScrape.MetricsAsync(http);
        var denied = metrics.Samples.Where(s => s.Name == "argon_manager_tasks_denied_total").Sum(s => s.Value);
        foreach (var (name, result) in new[] { "first", "second", "third" }.Zip(results))
        {
            output.WriteLine($"{name}: {result}");
        }

        output.WriteLine($"denied (argon_manager_tasks_denied_total): {denied}");
        Assert.All(results, r => Assert.Equal(0, r.Rejected));
        Assert.All(results, r => Assert.Empty(r.Errors));
        Assert.All(results, r => Assert.True(r.Succeeded > 0, $"every client got some work done: {r}"));
        Assert.Equal(0, denied);
    }

    /// <summary>
    /// One Retry client: connects at <paramref name="from"/>, offers <paramref name="perSecond"/> calls a second until
    /// <paramref name="until"/>, then cancels what has not finished and leaves.
    /// </summary>
    private static async Task<ClientResult> RunClientAsync(RestartableManager manager, Stopwatch watch, TimeSpan from, TimeSpan until, int perSecond)
    {
        await WaitUntilAsync(watch, from);
        var result = new ClientResult();
        using var leave = new CancellationTokenSource();
        var calls = new List<Task>();
        await using (var client = await ArgonClient.ConnectAsync(manager.ClientOptions(retry: true)))
        {
            var offered = 0;
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            while (watch.Elapsed < until && await tick.WaitForNextTickAsync())
            {
                var due = (int)((watch.Elapsed - from).TotalSeconds * perSecond);
                for (; offered < due; offered++)
                {
                    calls.Add(OneAsync(client, result, leave.Token));
                }
            }

            result.Offered = offered;
            await leave.CancelAsync();
            await Task.WhenAll(calls).WaitAsync(Limits.Call);
        }

        return result;
    }

    private static async Task OneAsync(ArgonClient client, ClientResult result, CancellationToken leave)
    {
        try
        {
            await client.QueueAsync(new Sleep(TaskMs), cancellationToken: leave);
            Interlocked.Increment(ref result.Succeeded);
        }
        catch (OperationCanceledException) when (leave.IsCancellationRequested)
        {
            Interlocked.Increment(ref result.Cancelled);
        }
        catch (ArgonRejectedException)
        {
            Interlocked.Increment(ref result.Rejected);
        }
        catch (Exception ex)
        {
            lock (result.Errors)
            {
                result.Errors.Add($"{ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    private static async Task WaitUntilAsync(Stopwatch watch, TimeSpan at)
    {
        var left = at - watch.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }

    private sealed class ClientResult
    {
#pragma warning disable SA1401, CA1051 // counted with Interlocked
        public int Succeeded;
        public int Cancelled;
        public int Rejected;
#pragma warning restore SA1401, CA1051

        public int Offered { get; set; }

        public List<string> Errors { get; } = [];

        public override string ToString() =>
            $"offered {Offered}, succeeded {Succeeded}, cancelled when leaving {Cancelled}, rejected {Rejected}, other errors {Errors.Count}{(Errors.Count > 0 ? " (" + Errors[0] + ")" : "")}";
    }
}
