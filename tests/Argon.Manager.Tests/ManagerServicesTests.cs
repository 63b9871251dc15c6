using Argon.Hosting;
using Argon.Manager.Connections;
using Argon.Manager.Http;
using Argon.Manager.Scheduling;
using Argon.Protocol.Messages;
using Argon.Protocol.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Argon.Manager.Tests;

/// <summary>What the manager's host registers: metrics only for --http, so a manager without it never loads prometheus-net.</summary>
public sealed class ManagerServicesTests
{
    [Fact]
    public void AddArgonManager_WithoutHttp_HasNoMetrics()
    {
        using var provider = Services(http: false);

        Assert.Null(provider.GetService<ManagerMetrics>());
        Assert.NotNull(provider.GetRequiredService<Dispatcher>());
    }

    [Fact]
    public async Task AddArgonManagerHttp_AddsTheMetricsTheDispatcherCountsInto()
    {
        using var provider = Services(http: true);
        var metrics = provider.GetRequiredService<ManagerMetrics>();
        var dispatcher = provider.GetRequiredService<Dispatcher>();

        dispatcher.RegisterWorker(new RecordingSender("worker"), new Register { NodeId = "worker", Capacity = 1 });
        var client = new ClientSession(new RecordingSender("client"), "client");
        dispatcher.ClientConnected(client);
        dispatcher.Submit(client, new Submit { Id = 1, TypeName = "T", Payload = Array.Empty<byte>() });

        Assert.Contains("argon_manager_tasks_submitted_total 1", await ScrapeAsync(metrics), StringComparison.Ordinal);
    }

    private static ServiceProvider Services(bool http)
    {
        using var certificate = ServerCertificate.CreateEphemeral();
        var services = new ServiceCollection().AddLogging();
        services.AddArgonManager(new ManagerOptions(), new SecureChannelOptions(SharedKey.Generate(), certificate, "manager"));
        if (http)
        {
            services.AddArgonManagerHttp();
        }

        return services.BuildServiceProvider();
    }

    private static async Task<string> ScrapeAsync(ManagerMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
