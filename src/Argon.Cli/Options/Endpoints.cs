using System.Globalization;

namespace Argon.Cli.Options;

/// <summary>host:port as given to --manager.</summary>
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

    /// <summary>host:port to listen on, as given to --http: like <see cref="TryParse"/>, but port 0 (any free port) is allowed.</summary>
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
