using System.Globalization;

namespace Argon.MultiHostTests.Network;

/// <summary>
/// How the suite names its namespaces: `argon-mh-PID-N-HOST`, PID being the test process's and N counting the
/// networks it built, so two runs never share one and a namespace left by a killed run can be told by its PID.
/// Interface names need no such care: every interface lives in a namespace of its own run, never in the root one.
/// </summary>
internal static class NamespaceNames
{
    public const string Prefix = "argon-mh-";

    private static int _networks;

    /// <summary>The prefix of the next network's namespaces, `argon-mh-PID-N-`, and its N.</summary>
    public static (string Prefix, int Number) NextNetwork()
    {
        var number = Interlocked.Increment(ref _networks);
        return (string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}-{number}-"), number);
    }

    /// <summary>The test process that made a namespace of the suite, or null when the name is not one of the suite's.</summary>
    public static int? OwnerPid(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = name[Prefix.Length..];
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>The namespaces that exist now (`ip netns list` prints "NAME" or "NAME (id: N)").</summary>
    public static IReadOnlyList<string> Existing() =>
    [
        .. NetworkCommand.Ip("netns", "list")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0]),
    ];
}
