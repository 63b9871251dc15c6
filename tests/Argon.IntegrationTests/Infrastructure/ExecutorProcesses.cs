using System.Diagnostics;
using System.Globalization;
using Argon.Cli.Processes;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>
/// A worker's executor processes seen from outside, through /proc (Linux): its live children whose command line
/// says `executor`. Nothing here asks the worker; the tests check what it claims against what the kernel says.
/// </summary>
internal static class ExecutorProcesses
{
    /// <summary>The pids of the executors <paramref name="worker"/> runs now: its children with the argument `executor` (zombies not counted).</summary>
    public static IReadOnlySet<int> Of(ArgonProcess worker)
    {
        var children = new HashSet<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { State: not 'Z' } stat && stat.ParentPid == worker.Pid
                && Read(pid, "cmdline").Split('\0').Contains("executor"))
            {
                children.Add(pid);
            }
        }

        return children;
    }

    /// <summary>True when <paramref name="pid"/> no longer runs: no /proc entry, or only a zombie waiting to be reaped.</summary>
    public static bool IsGone(int pid) => Stat(pid) is null or { State: 'Z' };

    /// <summary>The process's arguments, separated by spaces; empty when it is gone.</summary>
    public static string CommandLine(int pid) => Read(pid, "cmdline").Replace('\0', ' ').Trim();

    /// <summary>The process's environment as it was started (NAME=value lines); empty when it is gone.</summary>
    public static IReadOnlyList<string> Environment(int pid) =>
        Read(pid, "environ").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Sends SIGSTOP to <paramref name="pid"/>; disposing the result sends SIGCONT if it still runs, so nothing stays frozen.</summary>
    public static IDisposable Freeze(int pid)
    {
        Signal(pid, "STOP");
        return new Thaw(pid);
    }

    /// <summary>Runs `kill -SIGNAL pid` and waits for it.</summary>
    public static void Signal(int pid, string signal)
    {
        var info = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add($"-{signal}");
        info.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(info) ?? throw new InvalidOperationException("could not start kill");
        if (!kill.WaitForExit(Limits.Command))
        {
            kill.Kill();
            throw new TimeoutException($"kill -{signal} {pid} did not finish");
        }
    }

    private static (char State, int ParentPid)? Stat(int pid)
    {
        // "pid (comm) S ppid …": the command may hold spaces and parentheses, so read after the last ')'.
        var stat = Read(pid, "stat");
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var parent) ? (fields[0][0], parent) : null;
    }

    private static string Read(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ""; // gone between listing and reading
        }
    }

    private sealed class Thaw(int pid) : IDisposable
    {
        public void Dispose()
        {
            if (!IsGone(pid))
            {
                Signal(pid, "CONT");
            }
        }
    }
}
