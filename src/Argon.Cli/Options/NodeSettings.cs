using System.CommandLine;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Argon.Cli.Options;

/// <summary>
/// `--config FILE` and ARGON__ environment variables for `argon manager` and `argon worker`, read through
/// Microsoft.Extensions.Configuration: every option of the command is also a key of its section ("Manager" or
/// "Worker"), named as the option in PascalCase (--queue-size is Manager:QueueSize, ARGON__MANAGER__QUEUESIZE).
/// A value found there becomes the option's argument, parsed and checked as a flag would be. Precedence:
/// command-line flag, then ARGON__SECTION__KEY, then the option's own ARGON_* variable, then the file, then the default.
/// </summary>
internal static partial class NodeSettings
{
    private const string EnvironmentPrefix = "ARGON__";

    public static Option<string?> ConfigOption() =>
        EnvironmentOption.Text("--config", "ARGON_CONFIG",
            $"A JSON settings file (appsettings.json); any option can be set there, and as {EnvironmentPrefix}SECTION__KEY. Flags win, then the variables, then the file.");

    /// <summary>
    /// The command line with the settings of <paramref name="section"/> added for each option it does not give, parsed
    /// again; and the configuration read (for the host). <paramref name="result"/> itself when nothing is set.
    /// </summary>
    public static (ParseResult Result, IConfiguration Configuration) Apply(ParseResult result, Option<string?> config, string section)
    {
        var path = result.GetValue(config);
        var file = Load(path);
        var environment = new ConfigurationBuilder().AddEnvironmentVariables(EnvironmentPrefix).Build();
        var combined = new ConfigurationBuilder().AddConfiguration(file).AddConfiguration(environment).Build();
        var command = result.CommandResult.Command;
        var added = new List<string>();
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in command.Options)
        {
            if (option == config || !option.Name.StartsWith("--", StringComparison.Ordinal) || option.Name is "--help" or "--version")
            {
                continue;
            }

            var key = KeyOf(option.Name);
            known.Add(key);
            if (result.GetResult(option) is { Implicit: false })
            {
                continue; // the flag wins
            }

            var values = Values(environment.GetSection(section).GetSection(key));
            if (values.Count == 0 && !VariableIsSet(option))
            {
                values = Values(file.GetSection(section).GetSection(key));
            }

            foreach (var value in values)
            {
                added.Add(option.Name);
                added.Add(value);
            }
        }

        CheckKnown(file, section, known, path ?? "");
        CheckKnown(environment, section, known, EnvironmentPrefix + section.ToUpperInvariant() + "__");
        if (added.Count == 0)
        {
            return (result, combined);
        }

        var again = result.RootCommandResult.Command.Parse([.. result.Tokens.Select(token => token.Value), .. added]);
        if (again.Errors.Count > 0)
        {
            throw new CommandLineException($"{(path is null ? "" : $"--config {path}: ")}{string.Join("; ", again.Errors.Select(e => e.Message))}");
        }

        return (again, combined);
    }

    /// <summary>The configuration key of an option: --queue-size is QueueSize.</summary>
    public static string KeyOf(string optionName) =>
        string.Concat(optionName.TrimStart('-').Split('-', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static IConfiguration Load(string? path)
    {
        var builder = new ConfigurationBuilder();
        if (path is null)
        {
            return builder.Build();
        }

        try
        {
            return builder.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException($"--config {path}: {ex.Message}", ex);
        }
    }

    /// <summary>A key's values: its own, or one per element of an array (Managers, Key, Load).</summary>
    private static List<string> Values(IConfigurationSection setting) =>
        setting.Value is { } single ? [single] : [.. setting.GetChildren().Select(child => child.Value).OfType<string>()];

    private static bool VariableIsSet(Option option) =>
        option.Description is { } description && VariablePattern().Match(description) is { Success: true } match
        && Environment.GetEnvironmentVariable(match.Groups[1].Value) is { Length: > 0 };

    /// <summary>A misspelt key would otherwise be ignored without a word.</summary>
    private static void CheckKnown(IConfiguration configuration, string section, HashSet<string> known, string where)
    {
        foreach (var child in configuration.GetSection(section).GetChildren())
        {
            if (!known.Contains(child.Key))
            {
                throw new CommandLineException($"{where}: '{section}:{child.Key}' is not a setting of `argon {section.ToLowerInvariant()}`; " +
                    $"the keys are its options in PascalCase, such as {string.Join(", ", known.Take(4))}.");
            }
        }
    }

    [GeneratedRegex(@"\[env: (ARGON_[A-Z_]+)")]
    private static partial Regex VariablePattern();
}
