namespace Argon.IntegrationTests.Infrastructure;

/// <summary>A process's open file descriptors, from /proc.</summary>
internal static class OpenFiles
{
    /// <summary>The entries of /proc/PID/fd, or null when the process is gone.</summary>
    public static int? Of(int pid)
    {
        try
        {
            return Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
