using System.Diagnostics;
using Argon.Bench.Measurement;
using Argon.Samples;

namespace Argon.Bench.Workloads;

/// <summary>
/// W4: a client with Retry on offers 5× what the cluster can run (1 worker × 4 executors of Sleep(20) = 200/s,
/// offered at 1,000/s) for 10 s, then stops → accepted tasks/s during the overload vs capacity, manager peak
/// RSS, time to drain, and every task's outcome accounted for.
/// </summary>
internal static class Overload
{
    private const int Capacity = 4;
    private const int SleepMs = 20;
    private const double CapacityPerSecond = Capacity * 1000.0 / SleepMs;
    private const double OfferedPerSecond = 5 * CapacityPerSecond;

    public static BenchCase Case(BenchOptions options)
    {
        var offerFor = TimeSpan.FromSeconds(options.Pick(10, 1));
        var offered = (int)(OfferedPerSecond * offerFor.TotalSeconds);

        // Draining should take about offered / capacity; allow twice that and a margin before calling tasks lost.
        var drainBound = TimeSpan.FromSeconds(2 * offered / CapacityPerSecond + 30);
        return new BenchCase("W4", $"overload: {OfferedPerSecond:N0}/s offered for {offerFor.TotalSeconds:0.#} s to 1 worker x {Capacity} of Sleep({SleepMs}) (capacity {CapacityPerSecond:N0}/s), Retry on",
            [new("offered_per_s", OfferedPerSecond), new("offer_s", offerFor.TotalSeconds), new("capacity_per_s", CapacityPerSecond)],
            offerFor + drainBound + TimeSpan.FromSeconds(60),
            ct => RunAsync(offerFor, offered, drainBound, ct));
    }

    private static async Task<Figures> RunAsync(TimeSpan offerFor, int offered, TimeSpan drainBound, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchCluster.StartAsync(workers: 1, Capacity, retry: true, cancellationToken);
        var client = cluster.Client;
        await Task.WhenAll(Enumerable.Range(0, 2 * Capacity).Select(_ => client.QueueAsync(new Sleep(SleepMs), cancellationToken: cancellationToken)));

        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var outcomes = new OutcomeTally();
        var calls = new List<Task>(offered);
        var before = await client.GetStatusAsync(cancellationToken);

        // Open loop: whatever the cluster does, offer at the target rate until all are offered (bounded in time too).
        var offering = Stopwatch.StartNew();
        while (calls.Count < offered && offering.Elapsed < offerFor + TimeSpan.FromSeconds(5))
        {
            var due = Math.Min(offered, (int)Math.Ceiling(OfferedPerSecond * offering.Elapsed.TotalSeconds));
            while (calls.Count < due)
            {
                calls.Add(outcomes.TrackAsync(client.QueueAsync(new Sleep(SleepMs), cancellationToken: abandon.Token), SleepMs));
            }

            if (calls.Count < offered)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), cancellationToken);
            }
        }

        var offeredFor = offering.Elapsed;
        var during = await client.GetStatusAsync(cancellationToken);

        var draining = Stopwatch.StartNew();
        var all = Task.WhenAll(calls);
        if (await Task.WhenAny(all, Task.Delay(drainBound, cancellationToken)) != all)
        {
            await abandon.CancelAsync(); // what is still out counts as unfinished
        }

        await all;
        var drained = draining.Elapsed;
        var after = await client.GetStatusAsync(cancellationToken);

        var accepted = after.Submitted - before.Submitted;
        var acceptedDuring = during.Submitted - before.Submitted;
        var figures = new Figures()
            .Add("offered_actual_per_s", calls.Count / offeredFor.TotalSeconds)
            .Add("accepted_per_s", acceptedDuring / offeredFor.TotalSeconds)
            .Add("accepted_vs_capacity", acceptedDuring / offeredFor.TotalSeconds / CapacityPerSecond)
            .Add("completed_per_s_during", (during.Completed - before.Completed) / offeredFor.TotalSeconds)
            .Add("denied_during", during.Denied - before.Denied)
            .Add("drain_s", drained.TotalSeconds)
            .Add("submitted", calls.Count)
            .Add("succeeded", outcomes.Succeeded)
            .Add("failed", outcomes.Failed)
            .Add("unfinished", outcomes.Unfinished)
            .Add("manager_accepted", accepted)
            .Add("manager_completed", after.Completed - before.Completed)
            .Add("manager_failed", after.Failed - before.Failed);
        cluster.AddProcessFigures(figures);
        if (outcomes.FirstError is { } error)
        {
            Console.Error.WriteLine($"  W4: first failure: {error}");
        }

        return figures
            .Check("outcomes_sum", calls.Count == outcomes.Succeeded + outcomes.Failed + outcomes.Unfinished)
            .Check("every_task_finished", outcomes.Unfinished == 0)
            .Check("manager_accepted_each_once", accepted == calls.Count)
            .Check("manager_outcomes_sum", accepted == (after.Completed - before.Completed) + (after.Failed - before.Failed));
    }
}
