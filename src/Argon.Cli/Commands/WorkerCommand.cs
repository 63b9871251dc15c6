using System.CommandLine;
using Argon.Cli.Console;
using Argon.Cli.Options;
using Argon.Hosting;
using Argon.Protocol.Security;
using Argon.Worker;
using Argon.Worker.Http;
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
            var http = CommonOptions.ReadHttp(result.GetValue(options.Http));
            var keys = KeyLoader.Load(CommonOptions.RequireKeys(result.GetValue(options.Key)));
            IHostApplicationBuilder builder = listen is null && http is null
                ? Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "argon" })
                : WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "argon" });
            builder.Logging.AddArgonConsole(result.GetValue(options.Verbose), result.GetValue(options.LogFormat));
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            try
            {
                builder.Services.AddArgonWorker(worker, keys);
            }
            catch (FileNotFoundException ex)
            {
                throw new CommandLineException($"--load: {ex.Message}", ex);
            }

            if (builder is WebApplicationBuilder web)
            {
                web.WebHost.UseKestrelCore();
                if (http is not null)
                {
                    builder.Services.AddRoutingCore();
                    builder.Services.AddArgonWorkerHttp(worker.Capacity);
                }

                if (listen is not null)
                {
                    builder.Services.AddArgonDirectClients(
                        new SecureChannelOptions(keys, ServerCertificate.CreateEphemeral(), worker.Node) { Heartbeat = worker.Heartbeat, Limits = options.Limits.Read(result) },
                        worker.DirectQueueSize);
                }

                var httpEndpoint = http is null ? null : new PlainHttpEndpoint();
                builder.Services.AddHostedService(sp => new ListeningAnnouncer(sp.GetRequiredService<IServer>(), sp.GetRequiredService<IHostApplicationLifetime>(), "worker", httpEndpoint));
                web.WebHost.ConfigureKestrel(kestrel =>
                {
                    if (listen is { } endpoint)
                    {
                        kestrel.ListenArgonWorker(endpoint.Host, endpoint.Port);
                    }

                    httpEndpoint?.Listen(kestrel, http!.Value.Host, http.Value.Port);
                });
                await using var app = web.Build();
                if (httpEndpoint is not null)
                {
                    app.MapArgonWorkerHttp();
                }

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
