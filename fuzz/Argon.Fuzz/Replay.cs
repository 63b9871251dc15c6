namespace Argon.Fuzz;

/// <summary>Runs a target once on each file, outside afl-fuzz, to see what a crashing input does.</summary>
internal static class Replay
{
    public static int Run(string name, Action<byte[]> target, IEnumerable<string> files)
    {
        var crashed = 0;
        foreach (var file in files)
        {
            try
            {
                target(File.ReadAllBytes(file));
                Console.WriteLine($"{name} {file}: ok");
            }
            catch (Exception ex)
            {
                crashed++;
                Console.WriteLine($"{name} {file}: CRASH {ex}");
            }
        }

        return crashed == 0 ? 0 : 1;
    }
}
