using System.Runtime.CompilerServices;
using System.Diagnostics;
using Argon.Bench.Measurement;

namespace Argon.Bench.Workloads;

/// <summary>The two ways the workloads drive a cluster: a window of calls in flight, and one call at a time.</summary>
internal static class Load
{
    /// <summary>
    /// Runs <paramref name="count"/> calls with at most <paramref name="inFlight"/> outstanding: that many loops
    /// each take the next index until none is left. Returns the elapsed time.
    /// </summary>
    public static async Task<TimeSpan> WindowedAsync(int count, int inFlight, Func<int, Task> call, CancellationToken cancellationToken)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        await WindowAsync(Math.Min(inFlight, count), () => Interlocked.Increment(ref next) is var i && i < count ? i : null, call, cancellationToken);
        return watch.Elapsed;
    }

    /// <summary>Keeps <paramref name="inFlight"/> calls outstanding until <paramref name="duration"/> has passed, then lets them finish.</summary>
    public static Task WindowedForAsync(TimeSpan duration, int inFlight, Func<int, Task> call, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        return WindowAsync(inFlight, () => watch.Elapsed < duration ? 0 : null, call, cancellationToken);
    }

    /// <summary><paramref name="loops"/> loops, each calling with the next index until <paramref name="next"/> gives none.</summary>
    private static async Task WindowAsync(int loops, Func<int?> next, Func<int, Task> call, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Enumerable.Range(0, loops).Select(async _ =>
        {
            await Task.Yield();
            while (next() is { } i)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await call(i);
            }
        }).ToArray());
    }

    /// <summary>Runs <paramref name="count"/> calls one after the other and records each round trip.</summary>
    public static async Task<LatencyRecorder> SequentialAsync(int count, Func<int, Task> call, CancellationToken cancellationToken)
    {
        var latencies = new LatencyRecorder(count);
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = LatencyRecorder.Start();
            await call(i);
            latencies.Stop(started);
        }

        return latencies;
    }

    /// <summary>Makes calls one after the other until <paramref name="duration"/> has passed.</summary>
    public static async Task SequentialForAsync(TimeSpan duration, Func<int, Task> call, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; watch.Elapsed < duration; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await call(i);
        }
    }

    /// <summary>Calls Echo(i) and counts a wrong answer.</summary>
    public static Func<int, Task> Echo(ArgonClient client, StrongBox<int> wrong, CancellationToken cancellationToken) => async i =>
    {
        if (await client.QueueAsync(new Samples.Echo(i), cancellationToken: cancellationToken) != i)
        {
            Interlocked.Increment(ref wrong.Value);
        }
    };
}
