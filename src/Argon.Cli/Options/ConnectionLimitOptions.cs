using System.CommandLine;
using Argon.Hosting;

namespace Argon.Cli.Options;

/// <summary>The connection limits of a listening `argon manager` or `argon worker` (docs/operations.md, "Connection limits").</summary>
internal sealed class ConnectionLimitOptions
{
    private readonly Option<int> _unauthenticated = EnvironmentOption.Integer("--max-handshakes", "ARGON_MAX_HANDSHAKES",
        "Connections still in TLS or the key proof, from all addresses; more are closed at once.", ConnectionLimits.Default.MaxUnauthenticated, 1);

    private readonly Option<int> _unauthenticatedPerAddress = EnvironmentOption.Integer("--max-handshakes-per-address", "ARGON_MAX_HANDSHAKES_PER_ADDRESS",
        "Connections still in TLS or the key proof from one address (an IPv6 /64); more are closed at once.",
        ConnectionLimits.Default.MaxUnauthenticatedPerAddress, 1);

    private readonly Option<int> _authenticatedPerAddress = EnvironmentOption.Integer("--max-connections-per-address", "ARGON_MAX_CONNECTIONS_PER_ADDRESS",
        "Authenticated connections from one address (clients and workers behind one NAT count together); more are closed.",
        ConnectionLimits.Default.MaxAuthenticatedPerAddress, 1);

    public IEnumerable<Option> All => [_unauthenticated, _unauthenticatedPerAddress, _authenticatedPerAddress];

    public ConnectionLimits Read(ParseResult result) => new()
    {
        MaxUnauthenticated = result.GetValue(_unauthenticated),
        MaxUnauthenticatedPerAddress = result.GetValue(_unauthenticatedPerAddress),
        MaxAuthenticatedPerAddress = result.GetValue(_authenticatedPerAddress),
    };
}
