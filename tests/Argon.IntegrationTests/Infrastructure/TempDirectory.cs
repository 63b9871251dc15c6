namespace Argon.IntegrationTests.Infrastructure;

/// <summary>A temporary folder for key files and the like, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("argon-it-").FullName;

    public string Path { get; }

    /// <summary>Writes a fresh key file (mode 0600): a valid key, but not the cluster's.</summary>
    public string WriteRandomKey(string name = "other.key") => WriteKeyText(name, Argon.Protocol.Security.KeyFile.Generate());

    /// <summary>Writes <paramref name="text"/> as a key file, readable only by its owner unless <paramref name="mode"/> says otherwise.</summary>
    public string WriteKeyText(string name, string text, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, mode);
        }

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
