using System.CommandLine;
using Argon.Cli.Options;

namespace Argon.Cli.Commands;

/// <summary>The --manager and --key pair of the commands that talk to a manager as a client.</summary>
internal sealed class ClientCommandOptions(string managerHelp = "The manager, as host:port.")
{
    private readonly Option<string?> _manager = EnvironmentOption.Text("--manager", "ARGON_MANAGER", managerHelp, "--mgr");
    private readonly Option<string?> _key = CommonOptions.Key();

    public void AddTo(Command command)
    {
        command.Options.Add(_manager);
        command.Options.Add(_key);
    }

    /// <summary>The managers given, in order: one HOST:PORT, or several separated by commas; 127.0.0.1:8000 when none is.</summary>
    public IReadOnlyList<string> Managers(ParseResult result)
    {
        var given = result.GetValue(_manager) ?? "127.0.0.1:8000";
        var managers = given.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var manager in managers)
        {
            if (!Endpoints.TryParse(manager, out _, out _))
            {
                throw new CommandLineException($"--manager: '{manager}' is not HOST:PORT.");
            }
        }

        if (managers.Length == 0)
        {
            throw new CommandLineException("--manager: give HOST:PORT.");
        }

        if (managers.Distinct(StringComparer.OrdinalIgnoreCase).Count() != managers.Length)
        {
            throw new CommandLineException($"--manager: '{given}' names a manager twice.");
        }

        return managers;
    }

    /// <summary>Connects to the one manager given; several are a usage error for this command.</summary>
    public Task<ArgonClient> ConnectAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var managers = Managers(result);
        if (managers.Count > 1)
        {
            throw new CommandLineException($"--manager: this command talks to one manager; '{string.Join(',', managers)}' names {managers.Count}.");
        }

        return ConnectAsync(result, managers[0], cancellationToken);
    }

    /// <summary>Connects to <paramref name="manager"/> (HOST:PORT, from <see cref="Managers"/>) with the key given.</summary>
    public Task<ArgonClient> ConnectAsync(ParseResult result, string manager, CancellationToken cancellationToken)
    {
        if (!Endpoints.TryParse(manager, out var host, out var port))
        {
            throw new CommandLineException($"--manager: '{manager}' is not HOST:PORT.");
        }

        // A key file that cannot be used is a configuration error (exit 2), found before connecting.
        var keyFile = CommonOptions.RequireKey(result.GetValue(_key));
        KeyLoader.Load([keyFile]);
        return ArgonClient.ConnectAsync(new ArgonClientOptions
        {
            Host = host,
            Port = port,
            KeyFile = keyFile,
            Name = $"argon-cli@{Environment.MachineName}:{Environment.ProcessId}",
        }, cancellationToken);
    }
}
