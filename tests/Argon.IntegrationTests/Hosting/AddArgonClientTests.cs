using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Argon.IntegrationTests.Hosting;

/// <summary>
/// A user's Generic Host with services.AddArgonClient(configuration): it runs a task through a real manager and
/// worker, and its health check follows the connection.
/// </summary>
public sealed class AddArgonClientTests
{
    [Fact]
    public async Task HostWithAddArgonClient_RunsATask_AndTurnsUnhealthyWhenTheManagerStops()
    {
        await using var manager = await RestartableManager.StartAsync();
        await using var worker = ArgonProcess.Start("worker for the host's client", manager.WorkerArguments(capacity: 1));
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Argon:Host"] = "127.0.0.1",
            ["Argon:Port"] = manager.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Argon:KeyFile"] = manager.KeyFile,
            ["Argon:Retry"] = "true",
            ["Argon:ConnectTimeout"] = "00:00:20",
        });
        await host.StartAsync().WaitAsync(Limits.Startup);
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var client = host.Services.GetRequiredService<ArgonClient>();
        Assert.Equal(11, await client.QueueAsync(new Add(4, 7)).WaitAsync(Limits.Startup)); // Retry: waits out the worker's start
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        await manager.KillAsync();

        var deadline = System.Diagnostics.Stopwatch.StartNew();
        HealthReport report;
        while ((report = await health.CheckHealthAsync()).Status != HealthStatus.Unhealthy)
        {
            Assert.True(deadline.Elapsed < Limits.Reaction, $"still {report.Status} {Limits.Reaction} after the manager was killed");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        Assert.Contains("Not connected", report.Entries["argon"].Description, StringComparison.Ordinal);
        await host.StopAsync().WaitAsync(Limits.Reaction);
    }

    [Fact]
    public async Task HealthCheck_WithOneOfTwoManagersDown_IsDegraded()
    {
        await using var manager = await RestartableManager.StartAsync();
        var down = FreePort.Next();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddArgonClient(options =>
        {
            options.Managers = [$"127.0.0.1:{manager.Port}", $"127.0.0.1:{down}"];
            options.KeyFile = manager.KeyFile;
            options.Reconnect = true;
        });
        builder.Services.AddHealthChecks().AddCheck<ArgonClientHealthCheck>("argon");
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(Limits.Startup);

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Equal("Connected to 1 of 2 managers.", report.Entries["argon"].Description);
        await host.StopAsync().WaitAsync(Limits.Reaction);
    }

    [Fact]
    public async Task HostWithAddArgonClient_AndNoKeyFile_FailsAtStart_NamingTheSetting()
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["Argon:Host"] = "127.0.0.1", ["Argon:Port"] = "1" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("KeyFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddArgonClient_WithoutAHost_ConnectsOnFirstUse_AndIsDisposedWithTheContainer()
    {
        await using var manager = await RestartableManager.StartAsync();
        var services = new ServiceCollection();
        services.AddArgonClient(options =>
        {
            options.Host = "127.0.0.1";
            options.Port = manager.Port;
            options.KeyFile = manager.KeyFile;
        });
        ArgonClient client;
        await using (var provider = services.BuildServiceProvider())
        {
            client = provider.GetRequiredService<ArgonClient>();
            Assert.True(client.IsConnected);
            Assert.Same(client, provider.GetRequiredService<ArgonClient>());
        }

        Assert.False(client.IsConnected);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddArgonClient(builder.Configuration.GetSection("Argon"));
        builder.Services.AddHealthChecks().AddCheck<ArgonClientHealthCheck>("argon");
        return builder.Build();
    }
}
