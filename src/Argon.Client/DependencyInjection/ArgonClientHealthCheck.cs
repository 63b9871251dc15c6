using Argon.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Argon;

/// <summary>
/// The health of the <see cref="ArgonClient"/> that AddArgonClient registered: Healthy when connected to every
/// manager, Degraded when some are lost, Unhealthy when none is reached (or the client is not connected yet).
/// Register it with <c>services.AddHealthChecks().AddCheck&lt;ArgonClientHealthCheck&gt;("argon")</c>; it never
/// connects the client itself, and only reads state the client already keeps (no call goes to the cluster).
/// </summary>
public sealed class ArgonClientHealthCheck : IHealthCheck
{
    private readonly ArgonClientConnector _connector;

    internal ArgonClientHealthCheck(ArgonClientConnector connector) => _connector = connector;

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_connector.Current is not { } client)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "The Argon client is not connected yet."));
        }

        var connected = client.ConnectedManagerCount;
        var total = client.ManagerCount;
        var data = new Dictionary<string, object>
        {
            ["managers"] = total,
            ["connected"] = connected,
            ["server"] = client.ServerNode,
        };
        return Task.FromResult(connected == total
            ? HealthCheckResult.Healthy($"Connected to {Managers(total)}.", data)
            : connected > 0
                ? HealthCheckResult.Degraded($"Connected to {connected} of {Managers(total)}.", data: data)
                : new HealthCheckResult(context.Registration.FailureStatus, $"Not connected to any of {Managers(total)}.", data: data));
    }

    private static string Managers(int count) => count == 1 ? "the manager" : $"{count} managers";
}
