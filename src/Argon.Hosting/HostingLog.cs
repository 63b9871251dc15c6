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
}
