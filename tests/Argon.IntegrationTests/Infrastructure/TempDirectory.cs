namespace Argon.IntegrationTests.Infrastructure;

/// <summary>A temporary folder for key files and the like, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("argon-it-").FullName;

    public string Path { get; }

    /// <summary>Writes a key file holding a random phrase: a valid key, but not the cluster's.</summary>
    public string WriteRandomKey(string name = "other.key")
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, $"not the cluster key {Guid.NewGuid():N}\n");
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
