using System.CommandLine;
using Argon.Cli.Options;

namespace Argon.Cli.Commands;

/// <summary>The --manager and --key pair of the commands that talk to a manager as a client.</summary>
internal sealed class ClientCommandOptions
{
    private readonly Option<string?> _manager = EnvironmentOption.Text("--manager", "ARGON_MANAGER", "The manager, as host:port.", "--mgr");
    private readonly Option<string?> _key = CommonOptions.Key();

    public void AddTo(Command command)
    {
        command.Options.Add(_manager);
        command.Options.Add(_key);
    }

    public Task<ArgonClient> ConnectAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var endpoint = result.GetValue(_manager) ?? "127.0.0.1:8000";
        if (!Endpoints.TryParse(endpoint, out var host, out var port))
        {
            throw new CommandLineException($"--manager: '{endpoint}' is not HOST:PORT.");
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
