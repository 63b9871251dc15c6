using System.CommandLine;
using System.Net;
using Argon.Hosting;

namespace Argon.Cli.Options;

/// <summary>
/// --http and how it is protected, shared by `argon manager` and `argon worker`: it binds 127.0.0.1 unless given a
/// host; a non-loopback address needs --http-token-file (a bearer token) or --http-public (protected otherwise).
/// </summary>
internal sealed class HttpOptions
{
    /// <summary>The manager's --http paths.</summary>
    public const string ManagerPaths = "/metrics, /healthz, /readyz, /api/status and the dashboard";

    /// <summary>The worker's --http paths: no status API and no dashboard (those are the manager's).</summary>
    public const string WorkerPaths = "/metrics, /healthz and /readyz";

    private readonly Option<string?> _endpoint;

    private readonly Option<string?> _tokenFile = EnvironmentOption.Text("--http-token-file", "ARGON_HTTP_TOKEN_FILE",
        "Require `Authorization: Bearer TOKEN` on the --http data paths, TOKEN being this file's content (mode 0600).");

    private readonly Option<bool> _public = EnvironmentOption.Flag("--http-public", "ARGON_HTTP_PUBLIC",
        "Allow --http on a non-loopback address without a token, because something else (a proxy, a firewall) protects it.");

    private readonly Option<string?> _allowedHosts = EnvironmentOption.Text("--http-allowed-hosts", "ARGON_HTTP_ALLOWED_HOSTS",
        "More host names the --http port answers to, comma-separated (IP addresses, localhost and this machine's name always are).");

    /// <param name="paths">What the --http port serves, as the help says it: <see cref="ManagerPaths"/> or <see cref="WorkerPaths"/>.</param>
    public HttpOptions(string paths)
    {
        _endpoint = EnvironmentOption.Text("--http", "ARGON_HTTP",
            $"Serve {paths} over plain HTTP on PORT or HOST:PORT (no host = 127.0.0.1; port 0 = any free port).");
    }

    public IEnumerable<Option> All => [_endpoint, _tokenFile, _public, _allowedHosts];

    /// <summary>The --http endpoint with its checks, or null when --http is not given.</summary>
    /// <exception cref="CommandLineException">A bad value, a name that does not resolve, a bad token file, or an unprotected public bind.</exception>
    public PlainHttpEndpoint? Read(ParseResult result)
    {
        var text = result.GetValue(_endpoint);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!Endpoints.TryParseHttp(text, out var host, out var port))
        {
            throw new CommandLineException($"--http: '{text}' is not PORT or HOST:PORT.");
        }

        var address = CommonOptions.ResolveHost("--http", host);
        var tokenFile = result.GetValue(_tokenFile);
        var token = string.IsNullOrEmpty(tokenFile) ? null : HttpTokenFile.Read(tokenFile);
        if (!IPAddress.IsLoopback(address) && token is null && !result.GetValue(_public))
        {
            throw new CommandLineException(
                $"--http {text} would serve {address}, reachable from other machines, with no protection: pass --http-token-file FILE " +
                "(requests then need `Authorization: Bearer TOKEN`), or --http-public if a proxy or firewall protects the port, or bind 127.0.0.1.");
        }

        var names = (result.GetValue(_allowedHosts) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(PlainHttpAccess.MachineNames());
        if (!IPAddress.TryParse(host, out _))
        {
            names = names.Append(host);
        }

        return new PlainHttpEndpoint(address, port, new PlainHttpAccess(token, names));
    }
}
