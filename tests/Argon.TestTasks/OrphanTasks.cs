using System.Diagnostics;
using System.Globalization;

namespace Argon.TestTasks;

/// <summary>
/// Starts `sleep` as a child that shares its executor's stdout and stderr, then kills the executor with FailFast: the
/// child outlives it and holds its output open. The FailFast message names the child's pid, so a test can end it.
/// </summary>
public sealed record FailFastLeavingAChild(int ChildSeconds) : ITask<int>
{
    public int Run()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", ChildSeconds.ToString(CultureInfo.InvariantCulture)) { UseShellExecute = false });
        Environment.FailFast($"leaving child {child?.Id}");
        return 0;
    }
}
