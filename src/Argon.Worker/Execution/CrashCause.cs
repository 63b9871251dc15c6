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
            _ when FailFastMessage(stderrTail) is { } failFast => $"Environment.FailFast: {failFast}",
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

    /// <summary>The runtime prints "Process terminated." and then the FailFast message on the next line (older runtimes: on the same line).</summary>
    private static string? FailFastMessage(IReadOnlyList<string> stderrTail)
    {
        for (var i = 0; i < stderrTail.Count; i++)
        {
            if (stderrTail[i].StartsWith("Process terminated.", StringComparison.Ordinal))
            {
                var rest = stderrTail[i]["Process terminated.".Length..].Trim();
                return rest.Length > 0 || i + 1 == stderrTail.Count ? rest : stderrTail[i + 1].Trim();
            }
        }

        return null;
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
