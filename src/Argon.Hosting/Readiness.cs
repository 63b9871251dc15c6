using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Argon.Hosting;

/// <summary>
/// The /readyz answer shared by manager and worker: 200 "ready" when the node can take work, otherwise 503 with a
/// one-line reason, both as text/plain. Unlike /healthz (the process is alive), a node that is starting or shutting
/// down is not ready, so a load balancer or Kubernetes sends it nothing new.
/// </summary>
public static class Readiness
{
    private const string TextPlain = "text/plain; charset=utf-8";

    /// <summary>
    /// Why the host cannot take work yet or any more (not started: listeners may not be bound; stopping: draining),
    /// or null when it has started and is not stopping.
    /// </summary>
    public static string? HostNotReady(IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        return lifetime.ApplicationStopping.IsCancellationRequested ? "shutting down"
            : !lifetime.ApplicationStarted.IsCancellationRequested ? "starting"
            : null;
    }

    /// <summary>Writes the answer: 200 "ready" when <paramref name="notReady"/> is null, 503 with the reason otherwise.</summary>
    public static Task WriteAsync(HttpContext context, string? notReady)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.ContentType = TextPlain;
        context.Response.Headers.CacheControl = "no-store";
        if (notReady is null)
        {
            return context.Response.WriteAsync("ready\n", context.RequestAborted);
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return context.Response.WriteAsync($"not ready: {notReady}\n", context.RequestAborted);
    }

    /// <summary>The host's lifetime, from a request's services.</summary>
    public static IHostApplicationLifetime Lifetime(HttpContext context) =>
        context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
}
