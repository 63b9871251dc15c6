using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace Argon.Cli.Options;

/// <summary>Options every networked command takes.</summary>
internal static class CommonOptions
{
    public static Option<string?> Key() =>
        EnvironmentOption.Text("--key", "ARGON_KEY_FILE", "The shared key file (make one with `argon keygen FILE`).", "--keyfile");

    /// <summary>
    /// --key for a server (manager or worker): once, or twice during a key rotation (the new key first). The variable
    /// takes one path, or two separated by a comma.
    /// </summary>
    public static Option<string[]> Keys()
    {
        const string variable = "ARGON_KEY_FILE";
        return new Option<string[]>("--key", "--keyfile")
        {
            Description = "The shared key file (make one with `argon keygen FILE`); give it twice during a key rotation, the new key first. " +
                $"[env: {variable}, comma-separated]",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text
                ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [],
        };
    }

    public static Option<LogLevel> Verbose() =>
        EnvironmentOption.Create<LogLevel>("--verbose", "ARGON_VERBOSE",
            "Log level: 1-9 as in the original (5 warn, 6 notice, 7 info, 8 debug, 9 trace) or a name.",
            Verbosity.TryParse, () => Verbosity.Default, "1-9 or a level name (error, warn, info, debug, trace)", "-v");

    public static Option<LogFormat> LogFormat() =>
        EnvironmentOption.Create<LogFormat>("--log-format", "ARGON_LOG_FORMAT", "Log format: text or json.",
            (string text, out LogFormat value) => Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value),
            () => Options.LogFormat.Text, "text or json");

    /// <summary>The address a --host value binds, or an error naming <paramref name="option"/> when it does not resolve.</summary>
    public static System.Net.IPAddress ResolveHost(string option, string host)
    {
        try
        {
            return Argon.Hosting.ArgonListener.Resolve(host)[0];
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ArgumentException)
        {
            throw new CommandLineException($"{option}: cannot resolve '{host}' ({ex.Message}); give an IP address such as 0.0.0.0 or 127.0.0.1.", ex);
        }
    }

    /// <summary>The key files of a server, or an error telling how to give one.</summary>
    public static IReadOnlyList<string> RequireKeys(string[]? paths) =>
        paths is { Length: > 0 } && paths.All(p => !string.IsNullOrWhiteSpace(p))
            ? paths
            : throw new CommandLineException("--key is required (or set ARGON_KEY_FILE); make a key with `argon keygen FILE`.");

    /// <summary>The key file path, or an error telling how to give one.</summary>
    public static string RequireKey(string? path) =>
        string.IsNullOrWhiteSpace(path)
            ? throw new CommandLineException("--key is required (or set ARGON_KEY_FILE); make a key with `argon keygen FILE`.")
            : path;
}

internal enum LogFormat
{
    Text,
    Json,
}
