using System.Globalization;
using Spectre.Console;

namespace Argon.Cli.Demo;

/// <summary>
/// Progress of a demo step: a live Spectre.Console bar on a terminal, and a plain line at every quarter when the
/// output is redirected (CI logs and tests stay readable, with no escape codes).
/// </summary>
internal static class DemoProgress
{
    /// <summary>Runs <paramref name="work"/>, which calls the action it is given once per finished item.</summary>
    public static async Task RunAsync(string description, int total, TextWriter output, bool interactive, Func<Action, Task> work)
    {
        if (interactive)
        {
            await AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(description, maxValue: total);
                    await work(() => task.Increment(1)).ConfigureAwait(false);
                }).ConfigureAwait(false);
            return;
        }

        var done = 0;
        await work(() =>
        {
            var now = Interlocked.Increment(ref done);
            if (now * 4L / total != (now - 1) * 4L / total)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"        {description}: {now:N0}/{total:N0} ({now * 100L / total}%)"));
            }
        }).ConfigureAwait(false);
    }
}
