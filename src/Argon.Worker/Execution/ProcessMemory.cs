using System.Globalization;

namespace Argon.Worker.Execution;

/// <summary>Reads a process's resident memory from /proc (Linux).</summary>
internal static class ProcessMemory
{
    public static long? Resident(int processId) => ReadKilobytes(processId, "VmRSS:") * 1024;

    private static long? ReadKilobytes(int processId, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var number = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(number, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            // The process is gone, or this is not Linux.
        }

        return null;
    }
}
