using System.Diagnostics;

namespace Argon.MultiHostTests.Cluster;

/// <summary>Bounded waits: a condition polled every 50 ms until it holds or a deadline passes.</summary>
internal static class Poll
{
    /// <exception cref="TimeoutException"><paramref name="what"/> did not hold within <paramref name="within"/>.</exception>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!condition())
        {
            if (watch.Elapsed > within)
            {
                throw new TimeoutException($"Not within {within.TotalSeconds:0} s: {what}");
            }

            await timer.WaitForNextTickAsync();
        }
    }
}
