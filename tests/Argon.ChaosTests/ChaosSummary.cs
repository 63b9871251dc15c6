namespace Argon.ChaosTests;

/// <summary>
/// Where the suite leaves what it counted for CI to print: artifacts/test-results/chaos-summary.txt in the
/// repository (the folder .ci/run collects test results in), appended to by each run of the suite.
/// </summary>
internal static class ChaosSummary
{
    public static void Write(IEnumerable<string> lines)
    {
        var text = string.Join('\n', lines) + "\n";
        Console.Out.Write(text);
        if (RepositoryRoot() is { } root)
        {
            var folder = Path.Combine(root, "artifacts", "test-results");
            Directory.CreateDirectory(folder);
            File.AppendAllText(Path.Combine(folder, "chaos-summary.txt"), text);
        }
    }

    /// <summary>The folder holding Argon.slnx, above the test assembly; null when run from elsewhere.</summary>
    private static string? RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Argon.slnx")))
            {
                return folder.FullName;
            }
        }

        return null;
    }
}
