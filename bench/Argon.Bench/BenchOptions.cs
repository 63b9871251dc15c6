namespace Argon.Bench;

/// <summary>The command line, parsed (see Program.Usage).</summary>
internal sealed record BenchOptions
{
    public static readonly IReadOnlyList<string> AllWorkloads = ["baseline", "W1", "W2", "W3", "W4", "W5", "memory"];

    public IReadOnlyList<string> Workloads { get; init; } = AllWorkloads;

    public int Repeat { get; init; } = 3;

    /// <summary>Overrides the task count of W1 and W2 (and of the baseline that mirrors them).</summary>
    public int? Tasks { get; init; }

    /// <summary>Small counts for a smoke run.</summary>
    public bool Quick { get; init; }

    /// <summary>Only the JSON lines on stdout; the table and progress go to stderr.</summary>
    public bool JsonOnly { get; init; }

    public bool Runs(string workload) => Workloads.Contains(workload, StringComparer.OrdinalIgnoreCase);

    /// <summary>The full count, or the quick one.</summary>
    public int Pick(int full, int quick) => Quick ? quick : full;
}
