namespace Argon.Protocol;

/// <summary>Numbers every peer must agree on. Changing any of them is a new protocol version.</summary>
public static class ProtocolConstants
{
    /// <summary>The protocol version sent in Hello; peers with another version are refused.</summary>
    public const int Version = 4;

    /// <summary>Bytes of the frame header: a 4-byte big-endian length, then a 1-byte message type.</summary>
    public const int HeaderSize = 5;

    /// <summary>The default largest frame body accepted (16 MiB).</summary>
    public const int DefaultMaxFrameSize = 16 * 1024 * 1024;

    /// <summary>The largest frame accepted while the handshake is still in progress.</summary>
    public const int MaxHandshakeFrameSize = 1024;

    /// <summary>Bytes of each side's handshake nonce.</summary>
    public const int NonceSize = 32;

    /// <summary>The environment variable that gives an executor process its one-time token for its worker's socket.</summary>
    public const string ExecutorTokenVariable = "ARGON_EXECUTOR_TOKEN";

    /// <summary>
    /// Tasks an executor accepts to hold at once beyond the one it runs: the worker keeps up to this many queued in
    /// it (fewer for longer tasks), and one more may arrive in the moment between an answer being queued and written.
    /// </summary>
    public const int MaxExecutorQueue = 16;

    /// <summary>How long a peer has to finish TLS and the key proof.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
}
