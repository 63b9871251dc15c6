using System.Diagnostics;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Argon.ChaosTests;

/// <summary>The faults the suite injects.</summary>
internal enum FaultKind
{
    /// <summary>kill -9 of one executor process.</summary>
    ExecutorKill,

    /// <summary>kill -9 of a worker process (its executors are orphaned), then a fresh worker in its place.</summary>
    WorkerKill,

    /// <summary>kill -9 of the manager, then a new one on the same port.</summary>
    ManagerKill,

    /// <summary>SIGSTOP of a worker for longer than the heartbeat timeout, then SIGCONT.</summary>
    WorkerFreeze,

    /// <summary>A worker's traffic black-holed in both directions (no close, no reset) for longer than the heartbeat timeout.</summary>
    TrafficCut,
}

/// <summary>
/// Injects one fault at a time into a <see cref="ChaosCluster"/>, checks that the cluster noticed it within the
/// bound the design promises, and waits until it is back at full capacity before returning.
/// </summary>
internal sealed class FaultInjector(ChaosCluster cluster, Ledger ledger, TimeSpan heartbeatTimeout, Random random, ITestOutputHelper output)
{
    /// <summary>
    /// Slack on top of the heartbeat timeout for a loaded 2-core machine: one interval, scheduling, polling. Less
    /// than the default timeout's excess over a short one, so a process that ignores its short timeout fails.
    /// </summary>
    public static readonly TimeSpan DetectionMargin = TimeSpan.FromSeconds(2.5);

    /// <summary>How long the cluster may take to be back at full capacity after a fault.</summary>
    public static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    private readonly Dictionary<FaultKind, int> _injected = Enum.GetValues<FaultKind>().ToDictionary(k => k, _ => 0);
    private readonly List<string> _measurements = [];

    public IReadOnlyDictionary<FaultKind, int> Injected => _injected;

    /// <summary>What each fault took to be noticed and repaired, one line each.</summary>
    public IReadOnlyList<string> Measurements => _measurements;

    /// <summary>The bound within which a silent peer must be dropped.</summary>
    public TimeSpan DetectionBound => heartbeatTimeout + DetectionMargin;

    public async Task InjectAsync(FaultKind kind)
    {
        var watch = Stopwatch.StartNew();
        var detail = kind switch
        {
            FaultKind.ExecutorKill => await KillExecutorAsync(),
            FaultKind.WorkerKill => await KillWorkerAsync(),
            FaultKind.ManagerKill => await KillManagerAsync(),
            FaultKind.WorkerFreeze => await FreezeWorkerAsync(),
            FaultKind.TrafficCut => await CutTrafficAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        await using (var status = await cluster.ConnectAsync())
        {
            await cluster.WaitForFullCapacityAsync(status, Recovery);
        }

        _injected[kind]++;
        var line = $"{kind}: {detail}; back at full capacity after {watch.Elapsed.TotalSeconds:0.00} s";
        _measurements.Add(line);
        output.WriteLine(line);
    }

    private async Task<string> KillExecutorAsync()
    {
        var slot = cluster.Workers[random.Next(cluster.Workers.Count)];
        var worker = slot.Process;
        var executors = await Eventually.ExecutorsAsync(worker, e => e.Count == cluster.Capacity, $"{worker.Name} runs {cluster.Capacity} executors");
        var victim = executors.Order().ElementAt(random.Next(executors.Count));
        ExecutorProcesses.Signal(victim, "KILL");
        var watch = Stopwatch.StartNew();
        await Eventually.ExecutorsAsync(worker, e => e.Count == cluster.Capacity && !e.Contains(victim),
            $"{worker.Name} replaced killed executor {victim}", Recovery);
        return $"executor {victim} of {worker.Name} killed, replaced after {watch.Elapsed.TotalSeconds:0.00} s";
    }

    private async Task<string> KillWorkerAsync()
    {
        var slot = cluster.Workers[random.Next(cluster.Workers.Count)];
        var executors = ExecutorProcesses.Of(slot.Process);
        var dead = cluster.KillWorker(slot);
        var watch = Stopwatch.StartNew();
        await Eventually.ExitAsync(dead, Limits.Reaction);
        foreach (var executor in executors)
        {
            await Eventually.GoneAsync(executor, $"executor {executor} of killed {dead.Name} exited on its own", Limits.Reaction);
        }

        var orphansGone = watch.Elapsed;
        await using (var status = await cluster.ConnectAsync())
        {
            await Eventually.StatusAsync(status, s => !s.Workers.Any(w => ChaosCluster.IsNode(w, dead)), $"the manager dropped killed {dead.Name}");
        }

        cluster.StartWorker(slot);
        return $"{dead.Name} killed ({executors.Count} orphaned executors gone after {orphansGone.TotalSeconds:0.00} s), {slot.Process.Name} started";
    }

    private async Task<string> KillManagerAsync()
    {
        ledger.ManagerDown();
        await cluster.KillManagerAsync();
        await cluster.RestartManagerAsync();
        ledger.ManagerUp();
        var watch = Stopwatch.StartNew();
        await using var status = await cluster.ConnectAsync();
        await cluster.WaitForFullCapacityAsync(status, Recovery);
        var back = watch.Elapsed;
        Assert.True(back < TimeSpan.FromSeconds(10), $"the workers took {back.TotalSeconds:0.0} s to re-register with the restarted manager (bound 10 s)");
        return $"manager killed and restarted on port {cluster.Port}; all workers re-registered {back.TotalSeconds:0.00} s after it listened";
    }

    private async Task<string> FreezeWorkerAsync()
    {
        var direct = cluster.Workers.Where(s => s.Proxy is null).ToArray();
        var worker = direct[random.Next(direct.Length)].Process;
        await using var status = await cluster.ConnectAsync();
        var watch = Stopwatch.StartNew();
        worker.Freeze(true);
        TimeSpan dropped;
        try
        {
            dropped = await DroppedAsync(status, worker, watch);
        }
        finally
        {
            worker.Freeze(false);
        }

        return $"{worker.Name} frozen, dropped by the manager after {dropped.TotalSeconds:0.00} s (bound {DetectionBound.TotalSeconds:0.0} s), thawed";
    }

    private async Task<string> CutTrafficAsync()
    {
        var slot = cluster.Workers.First(s => s.Proxy is not null);
        var proxy = slot.Proxy!;
        await using var status = await cluster.ConnectAsync();
        var watch = Stopwatch.StartNew();
        var dialled = proxy.Accepted;
        proxy.Cut();
        TimeSpan dropped, redialled;
        try
        {
            dropped = await DroppedAsync(status, slot.Process, watch);

            // The worker hears nothing either, and must give up the silent connection on its own and dial again.
            while (proxy.Accepted == dialled)
            {
                Assert.True(watch.Elapsed < DetectionBound,
                    $"{slot.Process.Name} kept its silent connection for {watch.Elapsed.TotalSeconds:0.0} s without dialling again " +
                    $"(heartbeat timeout {heartbeatTimeout.TotalSeconds:0.0} s). Worker output:\n{string.Join('\n', slot.Process.Lines.TakeLast(20))}");
                await Task.Delay(TimeSpan.FromMilliseconds(25));
            }

            redialled = watch.Elapsed;
        }
        finally
        {
            proxy.Heal();
        }

        return $"{slot.Process.Name}'s traffic cut, dropped by the manager after {dropped.TotalSeconds:0.00} s, the worker dialled again after " +
            $"{redialled.TotalSeconds:0.00} s (bound {DetectionBound.TotalSeconds:0.0} s), healed";
    }

    /// <summary>Waits until the manager no longer routes to <paramref name="worker"/>; fails past the heartbeat bound.</summary>
    private async Task<TimeSpan> DroppedAsync(ArgonClient status, ArgonProcess worker, Stopwatch since)
    {
        await Eventually.StatusAsync(status, s => !s.Workers.Any(w => ChaosCluster.IsNode(w, worker)),
            $"the manager dropped silent {worker.Name}", DetectionBound + DetectionMargin);
        var dropped = since.Elapsed;
        Assert.True(dropped <= DetectionBound,
            $"the manager took {dropped.TotalSeconds:0.00} s to drop silent {worker.Name}; the bound is {DetectionBound.TotalSeconds:0.0} s " +
            $"(heartbeat timeout {heartbeatTimeout.TotalSeconds:0.0} s + {DetectionMargin.TotalSeconds:0.#} s)");
        return dropped;
    }
}
