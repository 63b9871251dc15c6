using Argon.Bench.Measurement;

namespace Argon.Bench;

/// <summary>
/// One configuration of a workload (W3 has three, one per worker count): its labels, a time bound for one run,
/// and the run itself, which starts and stops everything it needs.
/// </summary>
internal sealed record BenchCase(
    string Workload,
    string Title,
    IReadOnlyList<KeyValuePair<string, object>> Labels,
    TimeSpan Limit,
    Func<CancellationToken, Task<Figures>> RunOnceAsync);
