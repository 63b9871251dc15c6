using Argon.Bench.Measurement;

namespace Argon.Bench.Reporting;

/// <summary>Argon's figures over the raw baseline (and W5's 1,000 workers over 1), from the same run.</summary>
internal static class Ratios
{
    public static IReadOnlyList<KeyValuePair<string, double>> From(IReadOnlyList<CaseResult> results)
    {
        double Median(string workload, string figure, Func<CaseResult, bool>? which = null) =>
            results.FirstOrDefault(r => r.Case.Workload == workload && r.Runs.Count > 0 && (which?.Invoke(r) ?? true))?.Median(figure) ?? double.NaN;

        bool Workers(CaseResult r, int count) => r.Case.Labels.Any(l => l.Key == "simulated_workers" && (int)l.Value == count);
        var manyWorkers = results.Where(r => r.Case.Workload == "W5").SelectMany(r => r.Case.Labels)
            .Where(l => l.Key == "simulated_workers").Select(l => (int)l.Value).DefaultIfEmpty(0).Max();

        var ratios = new List<KeyValuePair<string, double>>
        {
            new("w2_p50_over_baseline_p50", Statistics.Ratio(Median("W2", "p50_us"), Median("baseline_pingpong", "p50_us"))),
            new("w2_p99_over_baseline_p99", Statistics.Ratio(Median("W2", "p99_us"), Median("baseline_pingpong", "p99_us"))),
            new("w1_over_baseline_pipelined", Statistics.Ratio(Median("W1", "tasks_per_s"), Median("baseline_pipelined", "messages_per_s"))),
            new("w4_accepted_over_w1", Statistics.Ratio(Median("W4", "accepted_per_s"), Median("W1", "tasks_per_s"))),
            new("w5_tasks_per_s_many_over_1", Statistics.Ratio(Median("W5", "tasks_per_s", r => Workers(r, manyWorkers)), Median("W5", "tasks_per_s", r => Workers(r, 1)))),
            new("w5_p99_many_over_1", Statistics.Ratio(Median("W5", "p99_us", r => Workers(r, manyWorkers)), Median("W5", "p99_us", r => Workers(r, 1)))),
        };
        return ratios.Where(r => !double.IsNaN(r.Value) && !(r.Key.StartsWith("w5", StringComparison.Ordinal) && manyWorkers <= 1)).ToArray();
    }
}
