
namespace Argon.Bench.Reporting;

/// <summary>The human report: per case, each figure's median and every run's value, then the checks.</summary>
internal static class ResultTable
{
    public static void Write(TextWriter output, IReadOnlyList<CaseResult> results, IReadOnlyList<KeyValuePair<string, double>> ratios)
    {
        output.WriteLine();
        output.WriteLine($"{"workload",-19} {"figure",-28} {"median",14}   runs");
        output.WriteLine(new string('-', 96));
        foreach (var result in results)
        {
            output.WriteLine($"{result.Case.Workload,-19} {result.Case.Title}");
            foreach (var name in result.Names)
            {
                var runs = string.Join("  ", result.Runs.Select(r => Numbers.Human(r[name])));
                output.WriteLine($"{"",-19} {name,-28} {Numbers.Human(result.Median(name)),14}   {runs}");
            }

            foreach (var check in result.CheckNames)
            {
                output.WriteLine($"{"",-19} {check,-28} {(result.Passed(check) ? "ok" : "FAILED"),14}");
            }

            foreach (var error in result.Errors)
            {
                output.WriteLine($"{"",-19} ERROR: {error}");
            }
        }

        if (ratios.Count > 0)
        {
            output.WriteLine(new string('-', 96));
            output.WriteLine("ratios (same run)");
            foreach (var (name, value) in ratios)
            {
                output.WriteLine($"{"",-19} {name,-42} {Numbers.Human(value),8}");
            }
        }

        output.WriteLine();
    }
}
