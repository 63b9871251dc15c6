using System.Diagnostics;
using System.Globalization;

namespace Argon.TestTasks;

/// <summary>
/// Writes "Id StartTimestamp" (<see cref="Stopwatch.GetTimestamp"/>, the monotonic clock every process on the
/// machine shares) to a file of its own process in <paramref name="LogDirectory"/> the moment its body starts,
/// then holds its executor for <paramref name="Milliseconds"/> and returns <paramref name="Id"/>: a chaos test
/// counts from the files how often each call's body ran, and when.
/// </summary>
public sealed record LoggedRun(string LogDirectory, int Id, int Milliseconds) : IAsyncTask<int>
{
    private static readonly Lock Gate = new();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{Id} {Stopwatch.GetTimestamp()}\n");
        lock (Gate)
        {
            File.AppendAllText(Path.Combine(LogDirectory, $"{Environment.ProcessId}.log"), line);
        }

        await Task.Delay(Milliseconds, cancellationToken).ConfigureAwait(false);
        return Id;
    }
}
