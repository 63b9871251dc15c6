using System.Diagnostics;
using Argon.Bench.Measurement;
using Argon.Samples;

namespace Argon.Bench.Workloads;

/// <summary>
/// W4: W1's cluster (1 worker × 2 executors of Echo) first measures what it can run, as W1 does (its closed loop
/// timed after <see cref="EchoThroughput.WarmUp"/> of the same load; the median of three such passes), then a client with Retry on offers 5× that rate open-loop for 10 s and stops → accepted
/// tasks/s during the overload vs that W1 rate, manager peak RSS, time to drain, and every task's outcome
/// accounted for. The backlog beyond the manager's bounded queue waits in the client, as it should.
/// </summary>
internal static class Overload
{
    private const int Capacity = 2;
    private const int OverloadFactor = 5;
    private const int CalibrationPasses = 3;

    public static BenchCase Case(BenchOptions options)
    {
        var offerFor = TimeSpan.FromSeconds(options.Pick(10, 1));
        var calibration = options.Pick(20_000, 2_000);
        return new BenchCase("W4", $"overload: {OverloadFactor} x the W1 rate offered for {offerFor.TotalSeconds:0.#} s to 1 worker x {Capacity} of Echo(i), Retry on",
            [new("offer_s", offerFor.TotalSeconds), new("overload", OverloadFactor), new("capacity", Capacity), new("calibration_tasks", calibration)],
            TimeSpan.FromSeconds(options.Pick(600, 120)),
            ct => RunAsync(offerFor, calibration, options.Quick ? TimeSpan.FromSeconds(1) : EchoThroughput.WarmUp, ct));
    }

    private static async Task<Figures> RunAsync(TimeSpan offerFor, int calibration, TimeSpan warmUp, CancellationToken cancellationToken)
    {
        await using var cluster = await BenchCluster.StartAsync(workers: 1, Capacity, retry: true, cancellationToken);
        var client = cluster.Client;
        var wrong = new System.Runtime.CompilerServices.StrongBox<int>();
        var echo = Load.Echo(client, wrong, cancellationToken);
        await Load.WindowedAsync(1_000, EchoThroughput.InFlight, echo, cancellationToken);
        await Load.WindowedForAsync(warmUp, EchoThroughput.InFlight, echo, cancellationToken);
        // The rate to compare with is the median of a few W1 passes: one pass of about a second swings by a fifth here.
        var passes = new List<double>(CalibrationPasses);
        for (var pass = 0; pass < CalibrationPasses; pass++)
        {
            passes.Add(calibration / (await Load.WindowedAsync(calibration, EchoThroughput.InFlight, echo, cancellationToken)).TotalSeconds);
        }

        var w1PerSecond = Statistics.Median(passes);
        var offeredPerSecond = OverloadFactor * w1PerSecond;
        var offered = (int)(offeredPerSecond * offerFor.TotalSeconds);

        // Draining should take about (offered - accepted) / rate; allow twice the whole offer and a margin before calling tasks lost.
        var drainBound = TimeSpan.FromSeconds(2 * offered / w1PerSecond + 30);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var outcomes = new OutcomeTally();
        var calls = new List<Task>(offered);
        var before = await client.GetStatusAsync(cancellationToken);

        // Open loop: whatever the cluster does, offer at the target rate until all are offered (bounded in time too).
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var offering = Stopwatch.StartNew();
        while (calls.Count < offered && offering.Elapsed < offerFor + TimeSpan.FromSeconds(5))
        {
            var due = Math.Min(offered, (int)Math.Ceiling(offeredPerSecond * offering.Elapsed.TotalSeconds));
            while (calls.Count < due)
            {
                var i = calls.Count;
                calls.Add(outcomes.TrackAsync(client.QueueAsync(new Echo(i), cancellationToken: abandon.Token), i));
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
        var clientBytesPerTask = (GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)calls.Count;
        var after = await client.GetStatusAsync(cancellationToken);

        var accepted = after.Submitted - before.Submitted;
        var acceptedDuring = during.Submitted - before.Submitted;
        var figures = new Figures()
            .Add("w1_tasks_per_s", w1PerSecond)
            .Add("w1_pass_spread", (passes.Max() - passes.Min()) / w1PerSecond)
            .Add("offered_per_s", offeredPerSecond)
            .Add("offered_actual_per_s", calls.Count / offeredFor.TotalSeconds)
            .Add("accepted_per_s", acceptedDuring / offeredFor.TotalSeconds)
            .Add("accepted_vs_w1", acceptedDuring / offeredFor.TotalSeconds / w1PerSecond)
            .Add("completed_per_s_during", (during.Completed - before.Completed) / offeredFor.TotalSeconds)
            .Add("denied_during", during.Denied - before.Denied)
            .Add("drain_s", drained.TotalSeconds)
            .Add("client_bytes_per_task", clientBytesPerTask)
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
            .Check("results_correct", wrong.Value == 0)
            .Check("outcomes_sum", calls.Count == outcomes.Succeeded + outcomes.Failed + outcomes.Unfinished)
            .Check("every_task_finished", outcomes.Unfinished == 0)
            .Check("manager_accepted_each_once", accepted == calls.Count)
            .Check("manager_outcomes_sum", accepted == (after.Completed - before.Completed) + (after.Failed - before.Failed));
    }
}
