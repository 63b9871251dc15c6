using System.CommandLine;
using System.CommandLine.Parsing;

namespace Argon.Cli.Options;

/// <summary>
/// Options that also read an environment variable: the command line wins, then ARGON_*, then the default.
/// One parser serves both, so a bad value is reported the same way wherever it came from.
/// </summary>
internal static class EnvironmentOption
{
    public delegate bool TryParse<T>(string text, out T value);

    public static Option<T> Create<T>(string name, string variable, string description, TryParse<T> parse, Func<T> fallback, string expected, params string[] aliases)
    {
        T Read(string text, ArgumentResult result, string source)
        {
            if (parse(text, out var value))
            {
                return value;
            }

            result.AddError($"{source}: '{text}' is not {expected}.");
            return fallback();
        }

        return new Option<T>(name, aliases)
        {
            Description = $"{description} [env: {variable}]",
            CustomParser = result => Read(result.Tokens.Count > 0 ? result.Tokens[^1].Value : "", result, name),
            DefaultValueFactory = result => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text
                ? Read(text, result, variable)
                : fallback(),
        };
    }

    public static Option<string?> Text(string name, string variable, string description, params string[] aliases) =>
        Create(name, variable, description, (string text, out string? value) => { value = text; return true; }, () => null, "text", aliases);

    public static Option<int> Integer(string name, string variable, string description, int fallback, int minimum, params string[] aliases) =>
        Create(name, variable, description,
            (string text, out int value) => int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= minimum,
            () => fallback, $"a whole number of at least {minimum}", aliases);

    public static Option<bool> Flag(string name, string variable, string description)
    {
        var option = Create(name, variable, description,
            (string text, out bool value) => bool.TryParse(text, out value) || TryNumber(text, out value),
            () => false, "true or false");
        option.Arity = ArgumentArity.ZeroOrOne;
        option.CustomParser = result => result.Tokens.Count == 0 || bool.TryParse(result.Tokens[0].Value, out var v) && v;
        return option;
    }

    public static Option<TimeSpan?> Duration(string name, string variable, string description) =>
        Create(name, variable, description,
            (string text, out TimeSpan? value) =>
            {
                var ok = Durations.TryParse(text, out var duration);
                value = ok ? duration : null;
                return ok;
            },
            () => null, "a duration such as 500ms, 30s or 5m");

    private static bool TryNumber(string text, out bool value)
    {
        value = text == "1";
        return text is "0" or "1";
    }
}
