using System.Globalization;

namespace Argon.Cli.Options;

/// <summary>host:port as given to --manager and --http.</summary>
internal static class Endpoints
{
    public static bool TryParse(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        host = text[..colon].Trim('[', ']');
        return int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
    }

    /// <summary>The address --http binds when its value names no host.</summary>
    public const string HttpDefaultHost = "127.0.0.1";

    /// <summary>
    /// --http: PORT, :PORT or HOST:PORT. Without a host (PORT or :PORT) it is 127.0.0.1, this machine only; every
    /// interface must be asked for by name (0.0.0.0:PORT). Port 0 = any free port.
    /// </summary>
    public static bool TryParseHttp(string text, out string host, out int port)
    {
        host = HttpDefaultHost;
        var portOnly = text.StartsWith(':') ? text[1..] : text;
        if (int.TryParse(portOnly, NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            return port <= 65535;
        }

        return TryParseListen(text, out host, out port);
    }

    /// <summary>host:port to listen on: like <see cref="TryParse"/>, but port 0 (any free port) is allowed.</summary>
    public static bool TryParseListen(string text, out string host, out int port)
    {
        if (text.EndsWith(":0", StringComparison.Ordinal) && TryParse(text[..^1] + "1", out host, out _))
        {
            port = 0;
            return true;
        }

        return TryParse(text, out host, out port);
    }
}
