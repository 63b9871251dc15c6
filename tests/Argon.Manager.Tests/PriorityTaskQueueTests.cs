using Argon.Manager.Scheduling;
using Argon.Protocol.Messages;

namespace Argon.Manager.Tests;

public sealed class PriorityTaskQueueTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private long _nextId;

    [Fact]
    public void Dequeue_WithFreshTasks_TakesHighThenNormalThenLow_FifoWithin()
    {
        var queue = new PriorityTaskQueue(Interval);
        var low = Entry(TaskPriority.Low);
        var normal1 = Entry(TaskPriority.Normal);
        var high = Entry(TaskPriority.High);
        var normal2 = Entry(TaskPriority.Normal);
        foreach (var entry in new[] { low, normal1, high, normal2 })
        {
            queue.Enqueue(entry, now: 0);
        }

        var order = Enumerable.Range(0, 4).Select(_ => queue.TryDequeue(0, out var e) ? e : null).ToArray();

        Assert.Equal([high, normal1, normal2, low], order);
        Assert.False(queue.TryDequeue(0, out _));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Dequeue_WhenLowHasWaitedTwoIntervals_BeatsFreshHigh()
    {
        var queue = new PriorityTaskQueue(Interval);
        var low = Entry(TaskPriority.Low);
        queue.Enqueue(low, now: 0);
        var waited = (long)(2 * Interval.TotalMilliseconds) + 1;
        queue.Enqueue(Entry(TaskPriority.High), now: waited);

        Assert.True(queue.TryDequeue(waited, out var first));
        Assert.Same(low, first);
    }

    [Fact]
    public void Dequeue_WhenLowHasWaitedLessThanTwoIntervals_HighKeepsPrecedence()
    {
        var queue = new PriorityTaskQueue(Interval);
        queue.Enqueue(Entry(TaskPriority.Low), now: 0);
        var high = Entry(TaskPriority.High);
        var now = (long)Interval.TotalMilliseconds;
        queue.Enqueue(high, now);

        Assert.True(queue.TryDequeue(now, out var first));
        Assert.Same(high, first);
    }

    [Fact]
    public void Remove_TakesTheTaskOutAndCountsIt()
    {
        var queue = new PriorityTaskQueue(Interval);
        var a = Entry(TaskPriority.Normal);
        var b = Entry(TaskPriority.Normal);
        queue.Enqueue(a, 0);
        queue.Enqueue(b, 0);

        queue.Remove(a);
        queue.Remove(a);

        Assert.Equal(1, queue.Count);
        Assert.True(queue.TryDequeue(0, out var only));
        Assert.Same(b, only);
    }

    [Fact]
    public void EnqueueFront_PutsTheTaskAheadOfItsPriority()
    {
        var queue = new PriorityTaskQueue(Interval);
        var waiting = Entry(TaskPriority.Normal);
        var returned = Entry(TaskPriority.Normal);
        queue.Enqueue(waiting, 0);
        queue.EnqueueFront(returned, 0);

        Assert.True(queue.TryDequeue(0, out var first));
        Assert.Same(returned, first);
        Assert.Equal(1, queue.CountOf(TaskPriority.Normal));
    }

    private TaskEntry Entry(TaskPriority priority)
    {
        var client = new Connections.ClientSession(new RecordingSender("c"), "c");
        var id = ++_nextId;
        return new TaskEntry(id, client, new Submit { Id = id, Priority = priority }, acceptedAt: 0);
    }
}
