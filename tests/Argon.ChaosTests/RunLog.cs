using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Argon.TestTasks;

namespace Argon.ChaosTests;

/// <summary>
/// One workload of <see cref="LoggedRun"/> calls and what became of them: when each call's outcome reached the
/// client, how many outcomes it got, and (from the files the task bodies write) every time its body started.
/// Timestamps are <see cref="Stopwatch.GetTimestamp"/>, the monotonic clock the test and the executors share.
/// </summary>
internal sealed class RunLog(string directory)
{
    private readonly ConcurrentDictionary<int, long> _deliveredAt = new();
    private readonly ConcurrentDictionary<int, int> _outcomes = new();
    private readonly ConcurrentDictionary<int, string> _failures = new();

    public string Directory { get; } = directory;

    public int Delivered => _outcomes.Count;

    public IReadOnlyDictionary<int, string> Failures => _failures;

    /// <summary>Runs <paramref name="count"/> calls, at most <paramref name="concurrency"/> at a time, recording each outcome.</summary>
    public async Task RunAsync(ArgonClient client, int count, int concurrency, int milliseconds, CancellationToken cancellationToken)
    {
        using var lanes = new SemaphoreSlim(concurrency);
        var calls = new List<Task>(count);
        for (var id = 0; id < count; id++)
        {
            await lanes.WaitAsync(cancellationToken);
            var call = id;
            calls.Add(Task.Run(async () =>
            {
                try
                {
                    var result = await client.QueueAsync(new LoggedRun(Directory, call, milliseconds), cancellationToken: cancellationToken);
                    Record(call, result == call ? null : $"wrong result {result}");
                }
                catch (ArgonException ex)
                {
                    Record(call, $"{ex.GetType().Name}: {ex.Message}");
                }
                finally
                {
                    lanes.Release();
                }
            }, CancellationToken.None));
        }

        await Task.WhenAll(calls);
    }

    /// <summary>Every start of every call's body, with the executor process that ran it.</summary>
    public IReadOnlyList<(int Id, long At, string Process)> Starts() =>
    [
        .. System.IO.Directory.EnumerateFiles(Directory, "*.log")
            .SelectMany(file => File.ReadAllLines(file).Select(line => (Line: line, Process: Path.GetFileNameWithoutExtension(file))))
            .Where(entry => entry.Line.Length > 0)
            .Select(entry => (Parts: entry.Line.Split(' '), entry.Process))
            .Select(entry => (int.Parse(entry.Parts[0], CultureInfo.InvariantCulture), long.Parse(entry.Parts[1], CultureInfo.InvariantCulture), entry.Process)),
    ];

    /// <summary>Bodies that started after their call's outcome had been delivered, with how late each was.</summary>
    public IReadOnlyList<string> LateStarts() =>
    [
        .. Starts()
            .Where(s => _deliveredAt.TryGetValue(s.Id, out var at) && s.At > at)
            .Select(s => $"call {s.Id} started in process {s.Process} {Stopwatch.GetElapsedTime(_deliveredAt[s.Id], s.At).TotalMilliseconds:0} ms after its outcome was delivered"),
    ];

    /// <summary>Calls that got more than one outcome.</summary>
    public IReadOnlyList<int> DuplicateOutcomes() => [.. _outcomes.Where(o => o.Value > 1).Select(o => o.Key)];

    /// <summary>How many calls ran their body more than once.</summary>
    public int RepeatedBodies() => Starts().GroupBy(s => s.Id).Count(g => g.Count() > 1);

    private void Record(int id, string? failure)
    {
        _deliveredAt.TryAdd(id, Stopwatch.GetTimestamp());
        _outcomes.AddOrUpdate(id, 1, (_, n) => n + 1);
        if (failure is not null)
        {
            _failures.TryAdd(id, failure);
        }
    }
}
