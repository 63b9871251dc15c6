namespace Argon.TestTasks;

/// <summary>Creates an empty file at <paramref name="Path"/>: a side effect a test can look for to see whether the task ever ran.</summary>
public sealed record TouchFile(string Path) : ITask<bool>
{
    public bool Run()
    {
        File.WriteAllBytes(Path, []);
        return true;
    }
}
