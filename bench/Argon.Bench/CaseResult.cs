using Argon.Bench.Measurement;

namespace Argon.Bench;

/// <summary>Every run of one case, and the medians reported for it.</summary>
internal sealed class CaseResult(BenchCase benchCase)
{
    public BenchCase Case { get; } = benchCase;

    public List<Figures> Runs { get; } = [];

    public List<string> Errors { get; } = [];

    /// <summary>Figure names in the order the first run added them.</summary>
    public IEnumerable<string> Names => Runs.SelectMany(r => r.Values.Select(v => v.Key)).Distinct();

    public IEnumerable<string> CheckNames => Runs.SelectMany(r => r.Checks.Select(c => c.Key)).Distinct();

    public double Median(string name) => Statistics.Median(Runs.Select(r => r[name]));

    /// <summary>True when the check passed in every run that made it.</summary>
    public bool Passed(string check) => Runs.SelectMany(r => r.Checks).Where(c => c.Key == check).All(c => c.Value);
}
