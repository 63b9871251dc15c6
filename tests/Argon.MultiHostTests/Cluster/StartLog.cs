using System.Globalization;

namespace Argon.MultiHostTests.Cluster;

/// <summary>One start of a LoggedRun body: the call's id, when (monotonic timestamp), and the executor process that ran it.</summary>
internal sealed record BodyStart(int Id, long At, int Executor);

/// <summary>The start logs LoggedRun bodies write, one file per executor process ("PID.log", lines "ID TIMESTAMP").</summary>
internal static class StartLog
{
    public static IReadOnlyList<BodyStart> Read(string directory) =>
    [
        .. Directory.EnumerateFiles(directory, "*.log").SelectMany(file =>
        {
            var executor = int.Parse(Path.GetFileNameWithoutExtension(file), CultureInfo.InvariantCulture);
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            return text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' '))
                .Select(p => new BodyStart(int.Parse(p[0], CultureInfo.InvariantCulture), long.Parse(p[1], CultureInfo.InvariantCulture), executor))
                .ToList();
        }),
    ];
}
