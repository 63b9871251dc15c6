using System.CommandLine;
using Argon.Cli.Console;
using Argon.Cli.Options;
using Argon.Hosting;
using Argon.Manager;
using Argon.Manager.Http;
using Argon.Protocol.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Argon.Cli.Commands;

/// <summary>`argon manager`: accepts tasks from clients and routes them to workers.</summary>
internal static class ManagerCommand
{
    public static Command Create()
    {
        var host = EnvironmentOption.Create<string>("--host", "ARGON_HOST", "The address to listen on (0.0.0.0 = every interface).",
            (string text, out string value) => { value = text; return text.Length > 0; }, () => "0.0.0.0", "a host name or address");
        var port = EnvironmentOption.Integer("--port", "ARGON_PORT", "The port to listen on (0 = any free port).", 8000, 0, "-p");
        var queueSize = EnvironmentOption.Integer("--queue-size", "ARGON_QUEUE_SIZE",
            "The most tasks held waiting for a worker; when full, new tasks are denied at once (0 = 8 x capacity, at least 256).", 0, 0);
        var drainTimeout = EnvironmentOption.Duration("--drain-timeout", "ARGON_DRAIN_TIMEOUT",
            "On SIGTERM/SIGINT, how long accepted tasks get to finish before they fail with a clear error (default 10s).");
        var evalWait = EnvironmentOption.Duration("--eval-wait", "ARGON_EVAL_WAIT",
            "How long a task with shipped code waits for a worker started with --allow-eval while none is registered (default 30s).");
        var http = new HttpOptions();
        var key = CommonOptions.Keys();
        var verbose = CommonOptions.Verbose();
        var logFormat = CommonOptions.LogFormat();
        var heartbeat = new HeartbeatOptions();
        var limits = new ConnectionLimitOptions();
        var config = NodeSettings.ConfigOption();
        var command = new Command("manager", "Run a manager: clients queue tasks here and it routes them to workers.")
        {
            host, port, queueSize, drainTimeout, evalWait, key, verbose, logFormat, config,
        };
        foreach (var option in http.All.Concat(heartbeat.All).Concat(limits.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (given, _) =>
        {
            // Flags first, then ARGON__MANAGER__* variables, then ARGON_* variables, then --config FILE.
            var (result, configuration) = StartupErrors.Configuration(() => NodeSettings.Apply(given, config, "Manager"));
            var (options, connectionLimits, keys, httpEndpoint, listeners) = StartupErrors.Configuration(() =>
            {
                var options = new ManagerOptions
                {
                    Host = result.GetValue(host)!,
                    Port = result.GetValue(port),
                    QueueSize = result.GetValue(queueSize),
                    Heartbeat = heartbeat.Read(result),
                    DrainTimeout = result.GetValue(drainTimeout) ?? TimeSpan.FromSeconds(10),
                    ShippedCodeWait = result.GetValue(evalWait) is { } wait && wait <= TimeSpan.Zero
                        ? throw new CommandLineException("--eval-wait must be more than 0, such as 30s.")
                        : result.GetValue(evalWait) ?? TimeSpan.FromSeconds(30),
                };
                var keys = KeyLoader.Load(CommonOptions.RequireKeys(result.GetValue(key)));
                var httpEndpoint = http.Read(result);
                List<Listener> listeners = [new("--port", CommonOptions.ResolveHost("--host", options.Host), options.Port)];
                if (httpEndpoint is not null)
                {
                    listeners.Add(new Listener("--http port", httpEndpoint.Address, httpEndpoint.RequestedPort));
                }

                return (options, limits.Read(result), keys, httpEndpoint, listeners);
            });
            return await RunAsync(options, connectionLimits, keys, httpEndpoint, listeners, result.GetValue(verbose), result.GetValue(logFormat), configuration)
                .ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        ManagerOptions options, ConnectionLimits limits, KeyRing keys, PlainHttpEndpoint? httpEndpoint, IReadOnlyList<Listener> listeners,
        Microsoft.Extensions.Logging.LogLevel level, LogFormat format, IConfiguration configuration)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "argon" });
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseKestrelCore();
        builder.Logging.AddArgonConsole(level, format);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddArgonManager(options, new SecureChannelOptions(keys, ServerCertificate.CreateEphemeral(), options.Node)
        {
            Heartbeat = options.Heartbeat,
            Limits = limits,
        });
        if (httpEndpoint is not null)
        {
            builder.Services.AddRoutingCore();
            builder.Services.AddArgonManagerHttp();
        }

        builder.Services.AddHostedService(sp => new ListeningAnnouncer(sp.GetRequiredService<IServer>(), sp.GetRequiredService<IHostApplicationLifetime>(), "manager", httpEndpoint));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenArgonManager(options);
            httpEndpoint?.Listen(kestrel);
        });

        await using var app = builder.Build();
        if (httpEndpoint is not null)
        {
            httpEndpoint.UseAccessChecks(app, ManagerHttpEndpoints.OpenPaths);
            app.MapArgonManagerHttp();
        }

        return await HostRunner.RunAsync(app, listeners).ConfigureAwait(false);
    }
}
