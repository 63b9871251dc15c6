using System.Globalization;

namespace Argon.MultiHostTests.Network;

/// <summary>
/// Removes what an earlier run of the suite left when it was killed before its cleanup: the namespaces named after
/// a test process that no longer runs, and any process still inside them (a manager, a worker, its executors).
/// Namespaces of a run that is still alive, and every namespace not named by the suite, are left alone.
/// </summary>
internal static class StaleNamespaces
{
    /// <summary>Best effort: a namespace that cannot be removed now is tried again by the next run.</summary>
    public static void Sweep()
    {
        foreach (var name in NamespaceNames.Existing())
        {
            if (NamespaceNames.OwnerPid(name) is { } pid && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                Remove(name);
            }
        }
    }

    /// <summary>Kills every process in <paramref name="ns"/>, then deletes it (its interfaces go with it).</summary>
    public static void Remove(string ns)
    {
        KillProcessesIn(ns);
        _ = NetworkCommand.TryRun("ip", "netns", "delete", ns);
    }

    /// <summary>kill -9 of what `ip netns pids` lists in the namespace: only ever processes the suite started there.</summary>
    public static void KillProcessesIn(string ns)
    {
        var (exitCode, output, _) = NetworkCommand.TryRun("ip", "netns", "pids", ns);
        if (exitCode != 0)
        {
            return;
        }

        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                _ = NetworkCommand.TryRun("kill", "-KILL", line);
            }
        }
    }
}
