using System.Diagnostics;

namespace Argon.TestTasks;

/// <summary>
/// Returns when it started, as <see cref="Stopwatch.GetTimestamp"/> (the machine's monotonic clock, the same in
/// every process of one machine), so a test can tell which of several tasks on several executors started first.
/// </summary>
public sealed record StartedAt(int Index) : ITask<long>
{
    public long Run() => Stopwatch.GetTimestamp();
}

/// <summary>
/// Holds its executor until <paramref name="ReleasePath"/> or <paramref name="ReleaseAllPath"/> exists (true), or
/// for at most <paramref name="MaxMilliseconds"/> (false), so a test decides when each executor frees up.
/// </summary>
public sealed record BlockUntilFile(string ReleasePath, string ReleaseAllPath, int MaxMilliseconds) : IAsyncTask<bool>
{
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!File.Exists(ReleasePath) && !File.Exists(ReleaseAllPath))
        {
            if (watch.ElapsedMilliseconds > MaxMilliseconds)
            {
                return false;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
