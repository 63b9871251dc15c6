using System.Globalization;
using System.Runtime.InteropServices;
using Argon.Bench;
using Argon.Bench.Baseline;
using Argon.Bench.Reporting;

// The baseline's servers run as child processes of this same program.
if (args.Length > 0 && args[0] == "--serve")
{
    return await RawServers.RunAsync(args[1..]);
}

BenchOptions? options;
try
{
    options = Parse(args);
}
catch (FormatException ex)
{
    await Console.Error.WriteLineAsync($"{ex.Message}\n\n{Usage}");
    return 2;
}

if (options is null)
{
    Console.WriteLine(Usage);
    return 0;
}

// Ctrl+C or SIGTERM stops the runs; every process started is then disposed on the way out.
using var interrupted = new CancellationTokenSource();
void Interrupt(PosixSignalContext context)
{
    context.Cancel = true;
    interrupted.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);

var output = new Output(options.JsonOnly);
output.Human.WriteLine($"Argon benchmark: {string.Join(",", options.Workloads)}; repeat {options.Repeat}{(options.Quick ? "; quick" : "")}; " +
    $"{Environment.ProcessorCount} cores; .NET {Environment.Version}");
var passed = await new BenchRunner(options, output).RunAsync(interrupted.Token);
return passed ? 0 : 1;

static BenchOptions? Parse(string[] args)
{
    var options = new BenchOptions();
    int? repeat = null;
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
        int Count() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{args[i - 1]} needs a positive whole number, not '{args[i]}'");

        switch (args[i])
        {
            case "--workloads" or "-w":
                var workloads = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var unknown = workloads.Where(w => !BenchOptions.AllWorkloads.Contains(w, StringComparer.OrdinalIgnoreCase)).ToArray();
                options = unknown.Length == 0 ? options with { Workloads = workloads }
                    : throw new FormatException($"unknown workload(s): {string.Join(", ", unknown)}");
                break;
            case "--repeat" or "-r":
                repeat = Count();
                break;
            case "--tasks" or "-n":
                options = options with { Tasks = Count() };
                break;
            case "--quick" or "-q":
                options = options with { Quick = true };
                break;
            case "--json-only":
                options = options with { JsonOnly = true };
                break;
            case "--help" or "-h":
                return null;
            default:
                throw new FormatException($"unknown option '{args[i]}'");
        }
    }

    // A smoke run is one repeat unless asked otherwise.
    return options with { Repeat = repeat ?? (options.Quick ? 1 : 3) };
}

internal static partial class Program
{
    private const string Usage = """
        Argon end-to-end benchmark: the workloads W1-W5 of BENCHMARKS.md and a raw TCP baseline

        usage: dotnet run -c Release --project bench/Argon.Bench -- [options]

          --workloads, -w LIST   baseline,W1,W2,W3,W4,W5,memory (default: all; W1 or W2 bring the baseline)
          --repeat, -r N         runs per case, round-robin; the median is reported, every run kept (default 3, 1 with --quick)
          --tasks, -n N          task count of W1, W2 and W3 (and of the baseline that mirrors W1 and W2)
          --quick, -q            small counts: a smoke run of seconds, not minutes
          --json-only            only the JSON lines on stdout (table and progress go to stderr)

        Prints a table and one JSON line per case, e.g. {"workload":"W1","tasks_per_s":...}.
        """;
}
