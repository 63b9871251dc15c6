using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Argon.Hosting;

/// <summary>
/// Who may use the --http port. Every request must name, in its Host header, an IP address, localhost, this
/// machine's name or a name given with --http-allowed-hosts, so a web page cannot reach the port by pointing a
/// name of its own at it (DNS rebinding). With a token, every path but the open ones (see
/// <see cref="PlainHttpEndpoint.UseAccessChecks"/>) also needs <c>Authorization: Bearer TOKEN</c>.
/// </summary>
public sealed class PlainHttpAccess
{
    private const string BearerScheme = "Bearer ";
    private readonly byte[]? _tokenHash;
    private readonly HashSet<string> _hosts;

    /// <param name="token">The bearer token every data path requires, or null for none.</param>
    /// <param name="allowedHosts">Host names (besides IP addresses and localhost) the Host header may carry.</param>
    public PlainHttpAccess(string? token, IEnumerable<string> allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(allowedHosts);
        _tokenHash = token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
        _hosts = new HashSet<string>(allowedHosts.Select(h => h.Trim().TrimEnd('.')).Where(h => h.Length > 0), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>True when data paths need the bearer token.</summary>
    public bool RequiresToken => _tokenHash is not null;

    /// <summary>This machine's own names: what a browser on the LAN may call it.</summary>
    public static IEnumerable<string> MachineNames()
    {
        var name = Dns.GetHostName();
        return [name, name.Split('.')[0], Environment.MachineName];
    }

    /// <summary>Whether the Host header's host part (no port; IPv6 in brackets or not) is one this port answers to.</summary>
    public bool AllowsHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Length == 0)
        {
            return true; // HTTP/1.0 without a Host header: not a browser, so no rebinding
        }

        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out _))
        {
            return true;
        }

        var name = bare.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || _hosts.Contains(name);
    }

    /// <summary>Whether an Authorization header value carries the token; compared in constant time. True when no token is set.</summary>
    public bool Authorizes(string? authorization)
    {
        if (_tokenHash is null)
        {
            return true;
        }

        if (authorization is null || !authorization.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[BearerScheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, _tokenHash);
    }
}
