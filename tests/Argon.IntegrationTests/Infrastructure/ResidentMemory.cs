using System.Globalization;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>A process's resident memory, from /proc.</summary>
internal static class ResidentMemory
{
    /// <summary>VmRSS in bytes, or null when the process is gone.</summary>
    public static long? Of(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
