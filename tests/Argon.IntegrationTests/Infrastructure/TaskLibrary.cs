namespace Argon.IntegrationTests.Infrastructure;

/// <summary>The sample task library the workers load: the copy of Argon.Samples.dll next to the test assembly.</summary>
internal static class TaskLibrary
{
    public static string AssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "Argon.Samples.dll");
}
