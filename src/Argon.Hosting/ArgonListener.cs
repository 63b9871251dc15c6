using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Argon.Hosting;

/// <summary>Sets up a Kestrel listener that speaks the Argon protocol.</summary>
public static class ArgonListener
{
    /// <summary>Listens on host:port; every connection goes through TLS and the key proof, then to <typeparamref name="THandler"/>.</summary>
    public static void ListenArgon<THandler>(this KestrelServerOptions kestrel, string host, int port)
        where THandler : ConnectionHandler
    {
        ConnectionAdmissionMiddleware? limits = null;
        foreach (var address in Resolve(host))
        {
            kestrel.Listen(address, port, listen =>
            {
                var services = listen.ApplicationServices;
                var options = services.GetRequiredService<SecureChannelOptions>();
                var logger = services.GetRequiredService<ILogger<SecureChannelMiddleware>>();
                limits ??= Admission(services, options.Limits, logger);
                listen.Use(next => connection => limits.AdmitAsync(connection, next));
                listen.Use(next => new SecureChannelMiddleware(next, options, logger).OnConnectionAsync);
                listen.Use(next => connection => limits.AuthenticatedAsync(connection, next));
                listen.UseConnectionHandler<THandler>();
            });
        }
    }

    /// <summary>One set of counts for every address of a listener; its refusal log stops when the host does.</summary>
    private static ConnectionAdmissionMiddleware Admission(IServiceProvider services, ConnectionLimits limits, ILogger logger)
    {
        limits.Validate();
        var refusals = new RefusalLog(logger, limits, TimeProvider.System);
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopped.Register(refusals.Dispose);
        return new ConnectionAdmissionMiddleware(new ConnectionAdmission(limits), refusals);
    }

    /// <summary>The addresses to bind for a host name: an IP as given, "*" for every interface, or what DNS returns.</summary>
    public static IReadOnlyList<IPAddress> Resolve(string host)
    {
        if (host is "*" or "")
        {
            return [IPAddress.Any];
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return [address];
        }

        var addresses = Dns.GetHostAddresses(host).Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToArray();
        return addresses.Length > 0
            ? [addresses[0]]
            : throw new ArgumentException($"The host name '{host}' does not resolve to an IPv4 address.", nameof(host));
    }
}
