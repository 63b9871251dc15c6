using System.Diagnostics;
using Argon.Samples;

namespace Argon.Cli.Demo;

/// <summary>The demo's sample workload: each step shows one way to run tasks and checks every result.</summary>
internal sealed class DemoWorkload(ArgonClient client, TextWriter output, int taskCount, bool interactive = false)
{
    private const int InFlight = 256;
    private bool _correct = true;
    private int _tasks;

    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        await ThroughputAsync(cancellationToken).ConfigureAwait(false);
        await RoundTripsAsync(cancellationToken).ConfigureAwait(false);
        await CpuBoundAsync(cancellationToken).ConfigureAwait(false);
        await OtherFormsAsync(cancellationToken).ConfigureAwait(false);
        await ErrorsAsync(cancellationToken).ConfigureAwait(false);
        output.WriteLine();
        output.WriteLine($"Summary: {_tasks:N0} tasks in {total.Elapsed.TotalSeconds:0.00} s, {(_correct ? "all results correct" : "SOME RESULTS WRONG")}.");
        return _correct;
    }

    private async Task ThroughputAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var wrong = 0;
        using var window = new SemaphoreSlim(InFlight);
        await DemoProgress.RunAsync($"1. {taskCount:N0} x Add(i, i)", taskCount, output, interactive, async tick =>
        {
            var calls = new List<Task>(taskCount);
            for (var i = 0; i < taskCount; i++)
            {
                await window.WaitAsync(cancellationToken).ConfigureAwait(false);
                var x = i;
                calls.Add(Task.Run(async () =>
                {
                    try
                    {
                        if (await client.QueueAsync(new Add(x, x), cancellationToken: cancellationToken).ConfigureAwait(false) != 2 * x)
                        {
                            Interlocked.Increment(ref wrong);
                        }
                    }
                    finally
                    {
                        window.Release();
                        tick();
                    }
                }, cancellationToken));
            }

            await Task.WhenAll(calls).ConfigureAwait(false);
        }).ConfigureAwait(false);
        Report($"1. {taskCount:N0} x Add(i, i), {InFlight} in flight", wrong == 0, $"{taskCount / watch.Elapsed.TotalSeconds:N0} tasks/s");
        _tasks += taskCount;
    }

    private async Task RoundTripsAsync(CancellationToken cancellationToken)
    {
        const int Count = 200;
        var times = new double[Count];
        var wrong = 0;
        for (var i = 0; i < Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            wrong += await client.QueueAsync(new Echo(i), cancellationToken: cancellationToken).ConfigureAwait(false) == i ? 0 : 1;
            times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(times);
        Report($"2. {Count} sequential Echo round trips", wrong == 0, $"p50 {times[Count / 2]:N0} µs, p99 {times[Count * 99 / 100]:N0} µs");
        _tasks += Count;
    }

    private async Task CpuBoundAsync(CancellationToken cancellationToken)
    {
        var limits = Enumerable.Range(0, 32).Select(i => 100_000 + i * 1_000).ToArray();
        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(limits.Select(limit => client.QueueAsync(new CountPrimes(limit), cancellationToken: cancellationToken))).ConfigureAwait(false);
        var ok = limits.Select(CountPrimes.Count).SequenceEqual(results);
        Report($"3. {limits.Length} x CountPrimes (CPU-bound)", ok, $"{watch.Elapsed.TotalMilliseconds:N0} ms on the cluster, checked locally");
        _tasks += limits.Length;
    }

    private async Task OtherFormsAsync(CancellationToken cancellationToken)
    {
        var byName = await client.QueueAsync("Argon.Samples.Add", [20, 22], null, cancellationToken).ConfigureAwait(false);
        Report("4. by type name: QueueAsync(\"Argon.Samples.Add\", 20, 22)", byName is 42, $"= {byName}");

        var deferred = client.Defer(new WordCount("the quick brown fox jumps over the lazy dog"), cancellationToken: cancellationToken);
        var counts = await deferred;
        var expected = new Dictionary<int, int> { [3] = 4, [5] = 3, [4] = 2 };
        var ok = counts.Count == expected.Count && expected.All(pair => counts.GetValueOrDefault(pair.Key) == pair.Value);
        Report("5. deferred: Defer(new WordCount(...)), then await", ok, string.Join(", ", counts.OrderBy(p => p.Key).Select(p => $"{p.Key} letters: {p.Value}")));

        var blocking = await Task.Run(() => client.Queue(new Add(1, 2), cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        Report("6. blocking: Queue(new Add(1, 2))", blocking == 3, $"= {blocking}");
        _tasks += 3;
    }

    private async Task ErrorsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.QueueAsync(new Fail("this task always throws"), cancellationToken: cancellationToken).ConfigureAwait(false);
            Report("7. a task that throws", false, "no exception arrived");
        }
        catch (ArgonTaskException ex)
        {
            var ok = ex.RemoteType == typeof(InvalidOperationException).FullName && ex.RemoteMessage == "this task always throws";
            Report("7. a task that throws", ok, $"ArgonTaskException: {ex.RemoteType}: {ex.RemoteMessage} (ran on {ex.Node})");
        }

        _tasks++;
    }

    private void Report(string step, bool ok, string detail)
    {
        _correct &= ok;
        output.WriteLine($"  {(ok ? "ok  " : "FAIL")}  {step,-58} {detail}");
    }
}
