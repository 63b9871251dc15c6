using Argon.Protocol.Messages;

namespace Argon.Hosting;

/// <summary>Who is on an authenticated connection; set by <see cref="SecureChannelMiddleware"/> before any handler runs.</summary>
public sealed record PeerIdentity(PeerRole Role, string Node, string Remote);
