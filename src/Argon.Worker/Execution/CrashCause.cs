namespace Argon.Worker.Execution;

/// <summary>Names why an executor process died, from its exit code and the last lines it wrote to stderr.</summary>
internal static class CrashCause
{
    public static string Describe(int? exitCode, IReadOnlyList<string> stderrTail)
    {
        var cause = stderrTail switch
        {
            _ when stderrTail.Any(l => l.Contains("Stack overflow", StringComparison.Ordinal)) => "stack overflow",
            _ when stderrTail.Any(l => l.Contains("OutOfMemoryException", StringComparison.Ordinal)) => "out of memory",
            _ when stderrTail.FirstOrDefault(l => l.StartsWith("Process terminated.", StringComparison.Ordinal)) is { } failFast =>
                $"Environment.FailFast: {failFast["Process terminated.".Length..].Trim()}",
            _ when stderrTail.FirstOrDefault(l => l.StartsWith("Unhandled exception.", StringComparison.Ordinal)) is { } unhandled =>
                $"unhandled exception: {unhandled["Unhandled exception.".Length..].Trim()}",
            _ => null,
        };
        var code = exitCode switch
        {
            null => "no exit code",
            > 128 and < 160 => $"exit code {exitCode} (signal {Signal(exitCode.Value - 128)})",
            _ => $"exit code {exitCode}",
        };
        return cause is null ? code : $"{cause}; {code}";
    }

    private static string Signal(int number) => number switch
    {
        6 => "SIGABRT",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
