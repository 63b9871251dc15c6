using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Argon.Hosting;

/// <summary>
/// The plain-HTTP listener of --http (metrics, health, status, dashboard), kept apart from the TLS task port, and
/// the checks every request on it passes (<see cref="PlainHttpAccess"/>). After the host has started,
/// <see cref="Url"/> says where it is bound, with the real port when 0 asked for any.
/// </summary>
public sealed class PlainHttpEndpoint(IPAddress address, int port, PlainHttpAccess access)
{
    private ListenOptions? _listen;

    public IPAddress Address { get; } = address;

    /// <summary>The port asked for (0 = any free port); <see cref="Port"/> is the one bound.</summary>
    public int RequestedPort { get; } = port;

    public PlainHttpAccess Access { get; } = access;

    /// <summary>http://host:port once bound; null before.</summary>
    public string? Url => _listen?.EndPoint is IPEndPoint { Port: > 0 } bound ? $"http://{bound}" : null;

    /// <summary>The bound port; 0 before the host has started.</summary>
    public int Port => _listen?.EndPoint is IPEndPoint bound ? bound.Port : 0;

    /// <summary>Adds the listener to Kestrel: HTTP/1.1 on the address and port, served by the app's endpoints.</summary>
    public void Listen(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Listen(Address, RequestedPort, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            _listen = listen;
        });
    }

    /// <summary>
    /// Checks every request: a Host header this port does not answer to gets 400; with a token, a request for
    /// anything but <paramref name="openPaths"/> (pages and probes that carry no data) without it gets 401.
    /// </summary>
    public void UseAccessChecks(IApplicationBuilder app, IReadOnlySet<string> openPaths)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(openPaths);
        var logger = app.ApplicationServices.GetRequiredService<ILogger<PlainHttpEndpoint>>();
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!Access.AllowsHost(request.Host.Host))
            {
                HostingLog.HttpHostRefused(logger, request.Host.Value ?? "", context.Connection.RemoteIpAddress);
                await RefuseAsync(context, StatusCodes.Status400BadRequest,
                    "argon: this port does not answer to that host name; use its IP address, or add the name with --http-allowed-hosts\n").ConfigureAwait(false);
                return;
            }

            if (!openPaths.Contains(request.Path.Value ?? "") && !Access.Authorizes(request.Headers.Authorization))
            {
                HostingLog.HttpUnauthorized(logger, request.Path.Value ?? "", context.Connection.RemoteIpAddress);
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"argon\"";
                await RefuseAsync(context, StatusCodes.Status401Unauthorized,
                    "argon: send Authorization: Bearer TOKEN, the token in this process's --http-token-file\n").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }

    private static Task RefuseAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
