using System.CommandLine;
using Argon;
using Argon.Cli;
using Argon.Cli.Commands;

var root = new RootCommand("Argon: simple, fast distributed task processing for .NET.")
{
    KeygenCommand.Create(),
    ManagerCommand.Create(),
    WorkerCommand.Create(),
    StatusCommand.Create(),
    PingCommand.Create(),
    DemoCommand.Create(),
    ExecutorCommand.Create(),
};

try
{
    // SIGINT/SIGTERM belong to the hosts (graceful drain) and to ShutdownSignal, not to the parser.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
}
catch (CommandLineException ex)
{
    await Console.Error.WriteLineAsync($"argon: {ex.Message}").ConfigureAwait(false);
    return 2;
}
catch (ArgonException ex)
{
    await Console.Error.WriteLineAsync($"argon: {ex.Message}").ConfigureAwait(false);
    return 1;
}
