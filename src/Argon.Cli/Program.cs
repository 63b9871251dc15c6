using System.CommandLine;
using Argon;
using Argon.Cli;
using Argon.Cli.Commands;
using Argon.Cli.Console;

var root = new RootCommand(
    "Argon: simple, fast distributed task processing for .NET.\n" +
    "Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error (errors are one line on stderr).")
{
    KeygenCommand.Create(),
    ManagerCommand.Create(),
    WorkerCommand.Create(),
    StatusCommand.Create(),
    PingCommand.Create(),
    DemoCommand.Create(),
    ExecutorCommand.Create(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    var command = parsed.CommandResult.Command;
    var help = command == root ? "argon --help" : $"argon {command.Name} --help";
    await Console.Error.WriteLineAsync($"argon: {string.Join("; ", parsed.Errors.Select(e => e.Message))} (see `{help}`)").ConfigureAwait(false);
    return 2;
}

try
{
    // SIGINT/SIGTERM belong to the hosts (graceful drain) and to ShutdownSignal, not to the parser.
    return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
}
catch (CommandLineException ex)
{
    await Console.Error.WriteLineAsync($"argon: {ex.Message}").ConfigureAwait(false);
    return 2;
}
catch (ArgonException ex)
{
    await Console.Error.WriteLineAsync($"argon: {StartupErrors.OneLine(ex.Message)}").ConfigureAwait(false);
    return 1;
}
catch (Exception ex)
{
    // Never an unhandled exception (SIGABRT, exit 134, a stack trace): one line, and the details at --verbose debug.
    await Console.Error.WriteLineAsync(ConsoleLogging.Detailed
        ? $"argon: {ex}"
        : $"argon: {StartupErrors.OneLine(ex.Message)} ({ex.GetType().Name}; run with --verbose debug for details)").ConfigureAwait(false);
    return 1;
}
