using Argon.Cli.Processes;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>Runs an `argon` command to its exit and checks how it failed: one "argon: " line, no stack trace.</summary>
internal static class CommandRun
{
    public static async Task<(int ExitCode, IReadOnlyList<string> Lines)> RunAsync(params string[] arguments)
    {
        await using var process = ArgonProcess.Start($"argon {string.Join(' ', arguments)}", arguments);
        var exitCode = await Eventually.ExitAsync(process);
        return (exitCode, process.Lines);
    }

    /// <summary>Asserts exit code 2 and exactly one "argon: " error line containing <paramref name="expected"/>, and returns it.</summary>
    public static string AssertConfigurationError(int exitCode, IReadOnlyList<string> lines, params string[] expected)
    {
        var output = string.Join('\n', lines);
        Assert.True(exitCode == 2, $"exited with {exitCode}, not 2:\n{output}");
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("   at ", StringComparison.Ordinal));
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        var error = Assert.Single(lines, l => l.StartsWith("argon: ", StringComparison.Ordinal));
        foreach (var text in expected)
        {
            Assert.Contains(text, error, StringComparison.Ordinal);
        }

        return error;
    }
}
