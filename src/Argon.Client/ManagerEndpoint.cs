using System.Globalization;

namespace Argon;

/// <summary>
/// One manager a client connects to: <see cref="ArgonClientOptions.Host"/> and <see cref="ArgonClientOptions.Port"/>,
/// or one entry of <see cref="ArgonClientOptions.Managers"/> ("host:port", "[v6 address]:port").
/// </summary>
internal readonly record struct ManagerEndpoint(string Host, int Port)
{
    /// <summary>
    /// The managers a client with <paramref name="options"/> uses: the Managers list when it has entries, else Host
    /// and Port as they are (checked by the connection, as always).
    /// </summary>
    /// <exception cref="ArgumentException">An entry of Managers is not "host:port", or is given twice; the message names it.</exception>
    public static IReadOnlyList<ManagerEndpoint> FromOptions(ArgonClientOptions options)
    {
        if (options.Managers is not { Count: > 0 } entries)
        {
            return [new ManagerEndpoint(options.Host, options.Port)];
        }

        var endpoints = new List<ManagerEndpoint>(entries.Count);
        foreach (var entry in entries)
        {
            var endpoint = Parse(entry);
            if (endpoints.Contains(endpoint))
            {
                throw Invalid(entry, "it is given twice");
            }

            endpoints.Add(endpoint);
        }

        return endpoints;
    }

    /// <summary>Reads "host:port" or "[address]:port".</summary>
    /// <exception cref="ArgumentException">The entry is not one; the message names it and says why.</exception>
    public static ManagerEndpoint Parse(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            throw Invalid(entry, "it is empty");
        }

        var text = entry.Trim();
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            throw Invalid(entry, "it has no port");
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            throw Invalid(entry, "an IPv6 address goes in brackets, as in [::1]:8000");
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            throw Invalid(entry, "it has no host");
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw Invalid(entry, "the port is not a number from 1 to 65535");
        }

        return new ManagerEndpoint(host, port);
    }

    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}" : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    private static ArgumentException Invalid(string? entry, string why) =>
        new($"ArgonClientOptions.Managers: \"{entry}\" is not a manager's address ({why}); give each as \"host:port\".");
}
