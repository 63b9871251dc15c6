namespace Argon.BrowserTests;

/// <summary>Where the browser test keeps what it saw: artifacts/test-results/ under the repository root, as .ci/run collects it.</summary>
internal static class Artifacts
{
    public static string Screenshot { get; } = System.IO.Path.Combine(RepositoryRoot(), "artifacts", "test-results", "dashboard.png");

    /// <summary>The same page at a phone's width (420 px).</summary>
    public static string NarrowScreenshot { get; } = System.IO.Path.Combine(RepositoryRoot(), "artifacts", "test-results", "dashboard-narrow.png");

    /// <summary>The folder holding Argon.slnx, above the test assembly.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Argon.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Argon.slnx above {AppContext.BaseDirectory}.");
    }
}
