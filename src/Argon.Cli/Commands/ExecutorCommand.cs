using System.CommandLine;
using System.Runtime.InteropServices;
using Argon.Executor;
using Argon.Executor.Hosting;
using Argon.Executor.Shipping;
using Argon.Cli.Console;
using Argon.Cli.Options;
using Argon.Protocol;

namespace Argon.Cli.Commands;

/// <summary>
/// `argon executor` (hidden): one executor process, started by a worker. It connects to the worker's local
/// socket with the token from its environment, and runs one task at a time until the worker lets it go.
/// </summary>
internal static class ExecutorCommand
{
    public static Command Create()
    {
        var socket = new Option<string>("--socket") { Required = true, Description = "The worker's local socket." };
        var node = new Option<string>("--node") { Required = true, Description = "This executor's name in errors." };
        var load = new Option<string[]>("--load") { Description = "Task assemblies to load.", AllowMultipleArgumentsPerToken = true };
        var codeCache = new Option<string?>("--code-cache") { Description = "The worker's shipped-code cache (given only with --allow-eval)." };
        var command = new Command("executor", "Run one executor process (started by `argon worker`).") { socket, node, load, codeCache };
        command.Hidden = true;
        command.SetAction(async (result, cancellationToken) =>
        {
            var token = Environment.GetEnvironmentVariable(ProtocolConstants.ExecutorTokenVariable);
            if (string.IsNullOrEmpty(token))
            {
                throw new CommandLineException("`argon executor` is started by a worker; it needs its token in the environment.");
            }

            Environment.SetEnvironmentVariable(ProtocolConstants.ExecutorTokenVariable, null);

            // Ctrl-C in a terminal (or a service manager's SIGTERM) reaches the whole process group; the worker
            // decides when its executors stop, after its drain, and an executor whose worker is gone ends on its own.
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = true);
            var catalog = TaskCatalog.Load(result.GetValue(load) ?? []);
            var shipped = result.GetValue(codeCache) is { } directory ? new ShippedCodeStore(directory) : null;
            var host = new ExecutorHost(new TaskInvoker(catalog, result.GetValue(node)!, shipped));

            // ARGON_TRACE_LOG (inherited from the worker): this executor's spans, as JSON lines on stderr, which the worker logs at debug.
            var loggers = SpanLog.IsRequested ? ConsoleLogging.CreateFactory(Microsoft.Extensions.Logging.LogLevel.Information, LogFormat.Json) : null;
            var spans = loggers is null ? null : new SpanLog(loggers);
            var exitCode = await host.RunAsync(result.GetValue(socket)!, token, cancellationToken);
            spans?.Dispose();
            loggers?.Dispose();

            // A task may have left foreground threads behind; the worker has let this process go, so it ends now.
            Environment.Exit(exitCode);
            return exitCode;
        });
        return command;
    }
}
