using Argon.Protocol;
using Argon.Protocol.Transport;

namespace Argon;

/// <summary>One authenticated connection of a client; a client with Reconnect on goes through several.</summary>
internal sealed class ClientLink
{
    private readonly SecureChannel _channel;

    public ClientLink(SecureChannel channel, HeartbeatSettings heartbeat)
    {
        _channel = channel;
        Frames = new FrameConnection(channel.Pipe, Math.Max(channel.Welcome.MaxFrameSize, ProtocolConstants.DefaultMaxFrameSize), channel.Remote, heartbeat);
    }

    public FrameConnection Frames { get; }

    public string Remote => _channel.Remote;

    public string Node => _channel.Welcome.Node;

    public ValueTask DisposeAsync() => _channel.DisposeAsync();
}
