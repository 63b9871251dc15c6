using System.CommandLine;
using Argon.Cli.Console;
using Argon.Cli.Options;
using Argon.Hosting;
using Argon.Protocol.Security;
using Argon.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Argon.Cli.Commands;

/// <summary>
/// `argon worker`: runs tasks in a pool of executor processes, for a manager (--manager), for clients that
/// connect directly (--host/--port, the stand-alone mode), or both from the same pool.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var options = new WorkerCommandOptions();
        var command = new Command("worker", "Run a worker: it runs tasks for a manager (--manager) and/or for clients that connect to it directly (--host/--port).");
        options.AddTo(command);
        command.SetAction(async (result, _) =>
        {
            var worker = options.Read(result, out var listen);
            var sharedKey = KeyLoader.Load(CommonOptions.RequireKey(result.GetValue(options.Key)));
            IHostApplicationBuilder builder = listen is null
                ? Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "argon" })
                : WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "argon" });
            builder.Logging.AddArgonConsole(result.GetValue(options.Verbose), result.GetValue(options.LogFormat));
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            try
            {
                builder.Services.AddArgonWorker(worker, sharedKey);
            }
            catch (FileNotFoundException ex)
            {
                throw new CommandLineException($"--load: {ex.Message}", ex);
            }

            if (builder is WebApplicationBuilder web && listen is { } endpoint)
            {
                builder.Services.AddArgonDirectClients(
                    new SecureChannelOptions(sharedKey, ServerCertificate.CreateEphemeral(), worker.Node) { Heartbeat = worker.Heartbeat },
                    worker.DirectQueueSize);
                builder.Services.AddHostedService(sp => new ListeningAnnouncer(sp.GetRequiredService<IServer>(), sp.GetRequiredService<IHostApplicationLifetime>(), "worker"));
                web.WebHost.ConfigureKestrel(kestrel => kestrel.ListenArgonWorker(endpoint.Host, endpoint.Port));
                await using var app = web.Build();
                await app.RunAsync(CancellationToken.None);
            }
            else
            {
                using var host = ((HostApplicationBuilder)builder).Build();
                await host.RunAsync(CancellationToken.None);
            }

            return Environment.ExitCode;
        });
        return command;
    }
}
