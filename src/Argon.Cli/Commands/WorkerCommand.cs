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
using Microsoft.Extensions.Configuration;
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
        command.SetAction(async (given, _) =>
        {
            // Flags first, then ARGON__WORKER__* variables, then ARGON_* variables, then --config FILE.
            var (result, configuration) = StartupErrors.Configuration(() => NodeSettings.Apply(given, options.Config, "Worker"));
            var (worker, listen, http, keys) = StartupErrors.Configuration(() =>
            {
                var worker = options.Read(result, out var listen);
                var http = options.Http.Read(result);
                var keys = KeyLoader.Load(CommonOptions.RequireKeys(result.GetValue(options.Key)));
                return (worker, listen, http, keys);
            });
            List<Listener> listeners = [];
            if (listen is { } direct)
            {
                listeners.Add(new Listener("--port", StartupErrors.Configuration(() => CommonOptions.ResolveHost("--host", direct.Host)), direct.Port));
            }

            if (http is not null)
            {
                listeners.Add(new Listener("--http port", http.Address, http.RequestedPort));
            }

            IHostApplicationBuilder builder = listen is null && http is null
                ? Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "argon" })
                : WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "argon" });
            builder.Configuration.AddConfiguration(configuration);
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

            if (builder is not WebApplicationBuilder web)
            {
                using var host = ((HostApplicationBuilder)builder).Build();
                return await HostRunner.RunAsync(host, listeners);
            }

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

            builder.Services.AddHostedService(sp => new ListeningAnnouncer(sp.GetRequiredService<IServer>(), sp.GetRequiredService<IHostApplicationLifetime>(), "worker", http));
            web.WebHost.ConfigureKestrel(kestrel =>
            {
                if (listen is { } endpoint)
                {
                    kestrel.ListenArgonWorker(endpoint.Host, endpoint.Port);
                }

                http?.Listen(kestrel);
            });
            await using var app = web.Build();
            if (http is not null)
            {
                http.UseAccessChecks(app, WorkerHttpEndpoints.OpenPaths);
                app.MapArgonWorkerHttp();
            }

            return await HostRunner.RunAsync(app, listeners);
        });
        return command;
    }
}
