using Argon.Manager.Scheduling;

namespace Argon.Manager.Tests;

public sealed class WorkerPoolTests
{
    private static readonly PrefetchPolicy NoPrefetch = new(0, TimeSpan.Zero);

    [Fact]
    public void TryPick_ChoosesTheLeastLoadedWorker()
    {
        var pool = new WorkerPool();
        var busy = Worker(1, capacity: 2);
        var idle = Worker(2, capacity: 2);
        pool.Add(busy);
        pool.Add(idle);
        pool.Update(busy, w => w.Running.Add(1, null!));

        Assert.True(pool.TryPick(out var picked));
        Assert.Same(idle, picked);
    }

    [Fact]
    public void Overcommitted_CountsWorkersHoldingMoreTasksThanExecutors()
    {
        var pool = new WorkerPool();
        var worker = Worker(1, capacity: 1);
        pool.Add(worker);

        pool.Update(worker, w => w.Running.Add(1, null!));
        Assert.Equal(0, pool.Overcommitted);
        pool.Update(worker, w => w.Running.Add(2, null!));
        Assert.Equal(1, pool.Overcommitted);
        pool.Update(worker, w => w.Running.Remove(2));
        Assert.Equal(0, pool.Overcommitted);
        pool.Update(worker, w => w.Running.Add(3, null!));
        pool.Remove(worker);
        Assert.Equal(0, pool.Overcommitted);
    }

    [Fact]
    public void TryPick_ForShippedCode_ChoosesOnlyAmongEvalWorkers()
    {
        var pool = new WorkerPool();
        var plain = Worker(1, capacity: 4);
        var eval = new WorkerTracker(2, "w2", "addr", 1, NoPrefetch, new RecordingSender("w2"), 0) { AllowsShippedCode = true };
        pool.Add(plain);
        pool.Add(eval);
        pool.Update(eval, w => w.Running.Add(1, null!));

        Assert.False(pool.TryPick(out _, shippedCode: true));
        Assert.True(pool.TryPick(out var any));
        Assert.Same(plain, any);
        pool.Update(eval, w => w.Running.Remove(1));
        Assert.True(pool.TryPick(out var forCode, shippedCode: true));
        Assert.Same(eval, forCode);
    }

    [Fact]
    public void TryPick_WhenEveryWorkerIsFull_FindsNone()
    {
        var pool = new WorkerPool();
        var worker = Worker(1, capacity: 1);
        pool.Add(worker);
        pool.Update(worker, w => w.Running.Add(1, null!));

        Assert.False(pool.TryPick(out _));
    }

    [Fact]
    public void TryPick_ComparesLoadAsAShareOfSlots()
    {
        var pool = new WorkerPool();
        var small = Worker(1, capacity: 1);
        var large = Worker(2, capacity: 8);
        pool.Add(small);
        pool.Add(large);
        pool.Update(large, w => w.Running.Add(1, null!));

        // An idle worker (0 of 1 slots) is less loaded than one using 1 of 8; once both are busy, 1/8 < 1/1.
        Assert.True(pool.TryPick(out var first));
        Assert.Same(small, first);
        pool.Update(small, w => w.Running.Add(2, null!));
        Assert.True(pool.TryPick(out var second));
        Assert.Same(large, second);
    }

    [Fact]
    public void RemoveAndTotalCapacity_TrackRegisteredWorkers()
    {
        var pool = new WorkerPool();
        var a = Worker(1, capacity: 2);
        var b = Worker(2, capacity: 3);
        pool.Add(a);
        pool.Add(b);
        Assert.Equal(5, pool.TotalCapacity);

        Assert.True(pool.Remove(a));
        Assert.False(pool.Remove(a));
        Assert.Equal(3, pool.TotalCapacity);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void TryPick_WithAThousandWorkers_FindsTheOnlyIdleOne()
    {
        var pool = new WorkerPool();
        var workers = Enumerable.Range(0, 1000).Select(i => Worker(i, capacity: 1)).ToList();
        workers.ForEach(pool.Add);
        foreach (var worker in workers.Where((_, i) => i != 637))
        {
            pool.Update(worker, w => w.Running.Add(1, null!));
        }

        Assert.True(pool.TryPick(out var picked));
        Assert.Same(workers[637], picked);
    }

    private static WorkerTracker Worker(long sequence, int capacity) =>
        new(sequence, $"w{sequence}", "addr", capacity, NoPrefetch, new RecordingSender("w"), 0);
}
