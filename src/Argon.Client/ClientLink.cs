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
        Frames = new FrameConnection(channel.Pipe, MaxFrameSize, channel.Remote, heartbeat);
    }

    public FrameConnection Frames { get; }

    /// <summary>Set once the connection is over, to the one error every call on it gets (see ArgonClient.LinkEnded).</summary>
    public TaskCompletionSource<ArgonConnectionException> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set once the server said Drain (it is shutting down): what a call sent over this link fails with.</summary>
    public ArgonConnectionException? Draining { get; set; }

    /// <summary>Set once the server said Goodbye: the link closes with nothing lost.</summary>
    public bool SaidGoodbye { get; set; }

    public string Remote => _channel.Remote;

    public string Node => _channel.Welcome.Node;

    /// <summary>The largest frame this client accepts from the server.</summary>
    public int MaxFrameSize => Math.Max(_channel.Welcome.MaxFrameSize, ProtocolConstants.DefaultMaxFrameSize);

    /// <summary>The largest frame the server said it accepts: what a Submit or Code sent to it must fit in.</summary>
    public int ServerMaxFrameSize => _channel.Welcome.MaxFrameSize > 0 ? _channel.Welcome.MaxFrameSize : ProtocolConstants.DefaultMaxFrameSize;

    public ValueTask DisposeAsync() => _channel.DisposeAsync();
}
