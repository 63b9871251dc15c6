namespace Argon.IntegrationTests.Infrastructure;

/// <summary>The task libraries the workers load: the copies next to the test assembly.</summary>
internal static class TaskLibrary
{
    /// <summary>Argon.Samples.dll: Add, Echo, Sleep, Fail…</summary>
    public static string AssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "Argon.Samples.dll");

    /// <summary>Argon.TestTasks.dll: tasks that crash, hang, leak, or tell which process ran them.</summary>
    public static string TestTasksPath { get; } = Path.Combine(AppContext.BaseDirectory, "Argon.TestTasks.dll");

    /// <summary>Both, for workers that run the executor tests.</summary>
    public static IReadOnlyList<string> All { get; } = [AssemblyPath, TestTasksPath];
}
