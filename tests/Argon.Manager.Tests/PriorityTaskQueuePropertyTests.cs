using Argon.Manager.Connections;
using Argon.Manager.Scheduling;
using Argon.Protocol.Messages;
using CsCheck;

namespace Argon.Manager.Tests;

/// <summary>Properties of the queue over random contents: nothing lost or taken twice, FIFO within a priority, and the aging bound.</summary>
public sealed class PriorityTaskQueuePropertyTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly Gen<(int Priority, int QueuedAtMs)[]> Contents =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 60_000]).Array[0, 60];

    [Fact]
    public void Dequeue_TakesEachTaskOnce_AndKeepsFifoWithinAPriority() =>
        Contents.Sample(contents =>
        {
            var queue = new PriorityTaskQueue(Interval);
            var entries = Fill(queue, contents.OrderBy(c => c.QueuedAtMs).ToArray());
            var taken = new List<TaskEntry>();
            while (queue.TryDequeue(60_000, out var entry))
            {
                taken.Add(entry);
            }

            Assert.Equal(entries.Count, taken.Count);
            Assert.Equal(entries.Count, taken.Distinct().Count());
            foreach (var priority in Enum.GetValues<TaskPriority>())
            {
                var order = taken.Where(e => e.Request.Priority == priority).Select(e => e.Id).ToList();
                Assert.Equal(order.Order(), order);
            }
        });

    [Fact]
    public void Dequeue_NeverLetsATaskWaitTwoIntervalsBehindAFresherOne() =>
        Contents.Sample(contents =>
        {
            var queue = new PriorityTaskQueue(Interval);
            var entries = Fill(queue, contents.OrderBy(c => c.QueuedAtMs).ToArray());
            const long Now = 60_000;
            if (queue.TryDequeue(Now, out var next))
            {
                // Nothing still waiting has waited two full intervals longer than the task just taken:
                // the effective priority of a task grows by one level per interval waited, over a span of two levels.
                var bound = 2 * Interval.TotalMilliseconds;
                Assert.DoesNotContain(entries, e => e != next && e.QueueNode is not null && next.QueuedAt - e.QueuedAt > bound);
            }
        });

    private static List<TaskEntry> Fill(PriorityTaskQueue queue, (int Priority, int QueuedAtMs)[] contents)
    {
        var client = new ClientSession(new RecordingSender("c"), "c");
        var entries = new List<TaskEntry>();
        for (var i = 0; i < contents.Length; i++)
        {
            var entry = new TaskEntry(i, client, new Submit { Id = i, Priority = (TaskPriority)contents[i].Priority }, 0);
            queue.Enqueue(entry, contents[i].QueuedAtMs);
            entries.Add(entry);
        }

        return entries;
    }
}
