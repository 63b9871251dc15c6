using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Argon.Hosting;

/// <summary>
/// The plain-HTTP listener of --http (metrics, health, status, dashboard), kept apart from the TLS task port.
/// After the host has started, <see cref="Url"/> says where it is bound, with the real port when 0 asked for any.
/// </summary>
public sealed class PlainHttpEndpoint
{
    private ListenOptions? _listen;

    /// <summary>http://host:port once bound; null before.</summary>
    public string? Url => _listen?.EndPoint is IPEndPoint { Port: > 0 } bound ? $"http://{bound}" : null;

    /// <summary>The bound port; 0 before the host has started.</summary>
    public int Port => _listen?.EndPoint is IPEndPoint bound ? bound.Port : 0;

    /// <summary>Adds the listener to Kestrel: HTTP/1.1 on host:port, served by the app's endpoints.</summary>
    public void Listen(KestrelServerOptions kestrel, string host, int port)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var address = ArgonListener.Resolve(host)[0];
        kestrel.Listen(address, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            _listen = listen;
        });
    }
}
