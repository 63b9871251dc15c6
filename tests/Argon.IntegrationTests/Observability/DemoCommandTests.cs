using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;

namespace Argon.IntegrationTests.Observability;

/// <summary>`argon demo` with its output redirected: the progress bar becomes plain lines, and every step passes.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_Redirected_PrintsProgressLinesAndASummary()
    {
        await using var demo = ArgonProcess.Start("argon demo", ["demo", "--workers", "1", "--capacity", "2", "--tasks", "400"]);

        var exitCode = await Eventually.ExitAsync(demo, Limits.Startup * 2);

        var output = string.Join('\n', demo.Lines);
        Assert.True(exitCode == 0, $"argon demo exited with {exitCode}:\n{output}");
        Assert.Equal(["100/400 (25%)", "200/400 (50%)", "300/400 (75%)", "400/400 (100%)"],
            demo.Lines.Where(l => l.Contains("1. 400 x Add(i, i): ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf("): ", StringComparison.Ordinal) + 3)..]));
        Assert.DoesNotContain('\u001b', output); // no escape codes when not on a terminal
        Assert.Contains("Demo finished: every result was correct.", output, StringComparison.Ordinal);
    }
}
