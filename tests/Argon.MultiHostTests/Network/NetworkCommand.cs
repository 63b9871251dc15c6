using System.Diagnostics;

namespace Argon.MultiHostTests.Network;

/// <summary>Runs `ip` and `tc` to their exit, bounded, and fails with what they printed.</summary>
internal static class NetworkCommand
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    /// <summary>Runs the command; returns its standard output.</summary>
    /// <exception cref="InvalidOperationException">It exited with a non-zero code.</exception>
    public static string Run(string fileName, params string[] arguments)
    {
        var (exitCode, output, error) = TryRun(fileName, arguments);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"`{fileName} {string.Join(' ', arguments)}` exited with {exitCode}: {error.Trim()}");
    }

    /// <summary>Runs the command and returns how it ended, whatever that was.</summary>
    public static (int ExitCode, string Output, string Error) TryRun(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill();
            throw new TimeoutException($"`{fileName} {string.Join(' ', arguments)}` did not finish within {Limit.TotalSeconds:0} s");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>`ip ARGS`.</summary>
    public static string Ip(params string[] arguments) => Run("ip", arguments);

    /// <summary>`ip netns exec NAMESPACE COMMAND ARGS`: a tool run inside a namespace.</summary>
    public static string In(string ns, string command, params string[] arguments) => Run("ip", ["netns", "exec", ns, command, .. arguments]);
}
