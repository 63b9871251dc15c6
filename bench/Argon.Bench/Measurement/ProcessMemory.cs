using System.Globalization;

namespace Argon.Bench.Measurement;

/// <summary>Peak resident set size of a process: <c>VmHWM</c> in <c>/proc/PID/status</c>.</summary>
internal static class ProcessMemory
{
    /// <summary>The peak RSS in MiB, or NaN when the process is gone or the platform has no /proc.</summary>
    public static double PeakRssMb(int pid) => StatusKilobytes(pid, "VmHWM:") / 1024.0;

    /// <summary>The RSS now (<c>VmRSS</c>) in MiB, or NaN as above.</summary>
    public static double RssMb(int pid) => StatusKilobytes(pid, "VmRSS:") / 1024.0;

    private static double StatusKilobytes(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var kilobytes = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            // The process exited, or this is not Linux.
        }

        return double.NaN;
    }

    /// <summary>The live child processes of a process (from /proc/PID/task/*/children); empty where unreadable.</summary>
    public static IReadOnlyList<int> Children(int pid)
    {
        try
        {
            return Directory.EnumerateDirectories($"/proc/{pid}/task")
                .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(child => int.Parse(child, CultureInfo.InvariantCulture))
                .Distinct()
                .ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return [];
        }
    }
}
