using Argon.Worker;

namespace Argon.Cli.Options;

/// <summary>
/// The managers a worker serves: `--manager` given once or more, each a host:port or a comma-separated list of them
/// (the form ARGON_MANAGER takes). A bad entry, or the same manager twice, is a usage error.
/// </summary>
internal static class ManagerList
{
    public static IReadOnlyList<ManagerEndpoint> Parse(IEnumerable<string> values)
    {
        var managers = new List<ManagerEndpoint>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Endpoints.TryParse(entry, out var host, out var port))
                {
                    throw new CommandLineException($"--manager: '{entry}' is not HOST:PORT.");
                }

                var manager = new ManagerEndpoint(host, port);
                if (!seen.Add(manager.ToString()))
                {
                    throw new CommandLineException($"--manager: {manager} is given twice.");
                }

                managers.Add(manager);
            }
        }

        return managers;
    }
}
