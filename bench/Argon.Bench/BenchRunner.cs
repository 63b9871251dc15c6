using System.Diagnostics;
using Argon.Bench.Baseline;
using Argon.Bench.Reporting;
using Argon.Bench.Workloads;

namespace Argon.Bench;

/// <summary>
/// Runs every selected case <c>--repeat</c> times, each run bounded in time. The repeats go round-robin (every case
/// once, then every case again) so that on a shared, noisy machine each case's median samples the same stretches
/// of time as the others', which keeps the ratios between them fair.
/// </summary>
internal sealed class BenchRunner(BenchOptions options, Output output)
{
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var results = Cases().Select(c => new CaseResult(c)).ToList();
        var total = Stopwatch.StartNew();
        for (var run = 1; run <= options.Repeat && !cancellationToken.IsCancellationRequested; run++)
        {
            // A broken case stays broken: it does not spend the other repeats.
            foreach (var result in results.Where(r => r.Errors.Count == 0).TakeWhile(_ => !cancellationToken.IsCancellationRequested))
            {
                output.Human.WriteLine($"== {result.Case.Workload} run {run}/{options.Repeat}: {result.Case.Title}");
                await RunOnceAsync(result, run, cancellationToken);
            }
        }

        foreach (var result in results.Where(r => r.Runs.Count > 0 || r.Errors.Count > 0))
        {
            output.Json(JsonLines.For(result));
        }

        var ratios = Ratios.From(results);
        if (ratios.Count > 0)
        {
            output.Json(JsonLines.For("ratios", ratios));
        }

        ResultTable.Write(output.Human, results, ratios);
        output.Human.WriteLine($"Finished in {total.Elapsed.TotalSeconds:0.0} s.");
        return !cancellationToken.IsCancellationRequested && results.All(r => r.Errors.Count == 0 && r.CheckNames.All(r.Passed));
    }

    private async Task RunOnceAsync(CaseResult result, int run, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(result.Case.Limit);
        var watch = Stopwatch.StartNew();
        try
        {
            var figures = await result.Case.RunOnceAsync(limit.Token);
            result.Runs.Add(figures);
            var summary = string.Join(", ", figures.Values.Take(4).Select(v => $"{v.Key}={Numbers.Human(v.Value)}"));
            var failed = figures.Checks.Where(c => !c.Value).Select(c => c.Key).ToArray();
            output.Human.WriteLine($"   {summary}{(failed.Length > 0 ? $"  CHECK FAILED: {string.Join(", ", failed)}" : "")} ({watch.Elapsed.TotalSeconds:0.0} s)");
        }
        catch (Exception ex)
        {
            var cancelled = ex is OperationCanceledException;
            var reason = cancelled && cancellationToken.IsCancellationRequested ? $"run {run} was interrupted"
                : cancelled && limit.IsCancellationRequested ? $"run {run} exceeded its time bound of {result.Case.Limit.TotalSeconds:0} s"
                : $"run {run}: {ex.GetType().Name}: {ex.Message}";
            result.Errors.Add(reason);
            output.Human.WriteLine($"   FAILED after {watch.Elapsed.TotalSeconds:0.0} s: {reason}");
            if (!cancellationToken.IsCancellationRequested)
            {
                output.Human.WriteLine(ex.ToString());
            }
        }
    }

    /// <summary>The selected cases, each baseline next to the workload it mirrors.</summary>
    private IEnumerable<BenchCase> Cases()
    {
        var baseline = options.Runs("baseline") || options.Runs("W1") || options.Runs("W2");
        if (baseline)
        {
            yield return RawBaseline.Pipelined(options);
        }

        if (options.Runs("W1"))
        {
            yield return EchoThroughput.Case(options);
        }

        if (baseline)
        {
            yield return RawBaseline.PingPong(options);
        }

        if (options.Runs("W2"))
        {
            yield return EchoRoundTrips.Case(options);
        }

        foreach (var benchCase in options.Runs("W3") ? SleepScaling.Cases(options) : [])
        {
            yield return benchCase;
        }

        if (options.Runs("W4"))
        {
            yield return Overload.Case(options);
        }

        foreach (var benchCase in options.Runs("W5") ? Scale.Cases(options) : [])
        {
            yield return benchCase;
        }

        if (options.Runs("memory"))
        {
            yield return ManagerMemory.Case(options);
        }
    }
}
