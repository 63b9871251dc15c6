using Argon.Worker.Execution;
using CsCheck;

namespace Argon.Worker.Tests;

/// <summary>Random acquire, release, cancel and remove sequences keep ExecutorSlots' promises.</summary>
public sealed class ExecutorSlotsPropertyTests
{
    [Fact]
    public void NoTaskWaitsWhileAnExecutorHasRoom_NoExecutorHoldsTooMany_AndEveryPlaceIsAccountedFor()
    {
        Gen.Int.Sample(seed => RunScenario(new Random(seed)), iter: 300);
    }

    private static void RunScenario(Random random)
    {
        const int Depth = 2;
        var executors = Enumerable.Range(0, random.Next(1, 5)).Select(i => new ExecutorSlotsTests.Executor($"e{i}")).ToList();
        var slots = new ExecutorSlots<ExecutorSlotsTests.Executor>(Depth);
        var accepting = new HashSet<ExecutorSlotsTests.Executor>();
        foreach (var executor in executors)
        {
            slots.Add(executor);
            accepting.Add(executor);
        }

        var held = new List<ExecutorSlotsTests.Executor>(); // one entry per place given and not yet released
        var waiting = new List<(Task<ExecutorSlotsTests.Executor> Place, CancellationTokenSource Cancel)>();
        for (var step = 0; step < 60; step++)
        {
            switch (random.Next(4))
            {
                case 0 or 1:
                    var cancel = new CancellationTokenSource();
                    waiting.Add((slots.AcquireAsync(random.Next(4) == 0, cancel.Token).AsTask(), cancel));
                    break;
                case 2 when held.Count > 0:
                    var index = random.Next(held.Count);
                    slots.Release(held[index]);
                    held.RemoveAt(index);
                    break;
                case 3 when waiting.Count > 0 && random.Next(2) == 0:
                    waiting[random.Next(waiting.Count)].Cancel.Cancel();
                    break;
                case 3 when accepting.Count > 1:
                    var removed = accepting.ElementAt(random.Next(accepting.Count));
                    slots.Remove(removed);
                    accepting.Remove(removed);
                    break;
            }

            // A place is given under the lock; the caller's task completes just after (its continuation is
            // asynchronous). Wait, within a deadline, until every place given has reached its caller.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (true)
            {
                foreach (var entry in waiting.Where(w => w.Place.IsCompleted).ToArray())
                {
                    waiting.Remove(entry);
                    if (entry.Place.IsCompletedSuccessfully)
                    {
                        held.Add(entry.Place.Result);
                    }
                }

                if (executors.Sum(slots.LoadOf) == held.Count && slots.Waiting == waiting.Count)
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline && waiting.Count > 0, "a place given (or a cancellation) never reached its caller");
                Task.WhenAny(waiting.Select(w => w.Place)).Wait(TimeSpan.FromMilliseconds(100));
            }

            foreach (var executor in executors)
            {
                var count = held.Count(e => e == executor);
                Assert.True(count <= Depth, $"{executor.Name} holds {count} tasks");
                Assert.Equal(count, slots.LoadOf(executor));
            }

            if (waiting.Count > 0)
            {
                Assert.All(accepting, e => Assert.Equal(Depth, held.Count(h => h == e)));
            }
        }
    }
}
