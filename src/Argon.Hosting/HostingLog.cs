using Microsoft.Extensions.Logging;

namespace Argon.Hosting;

internal static partial class HostingLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Refused connection from {Remote}: {Reason}")]
    public static partial void KeyRefused(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Refused connection from {Remote}: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "Authenticated {Role} {Peer} from {Remote}")]
    public static partial void Authenticated(ILogger logger, Argon.Protocol.Messages.PeerRole role, string peer, string remote);

    [LoggerMessage(EventId = 230, Level = LogLevel.Debug, Message = "Refused an HTTP request for host {Host} from {Remote}: not a name this port answers to")]
    public static partial void HttpHostRefused(ILogger logger, string host, System.Net.IPAddress? remote);

    [LoggerMessage(EventId = 231, Level = LogLevel.Debug, Message = "Refused an HTTP request for {Path} from {Remote}: no valid bearer token")]
    public static partial void HttpUnauthorized(ILogger logger, string path, System.Net.IPAddress? remote);
}
