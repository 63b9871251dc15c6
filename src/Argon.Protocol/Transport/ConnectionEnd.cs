namespace Argon.Protocol.Transport;

/// <summary>Why a connection ended: a clean close, or a protocol fault with its reason.</summary>
public sealed record ConnectionEnd(bool IsFault, string Reason, Exception? Error)
{
    /// <summary>A connection closed in order, for <paramref name="reason"/>.</summary>
    public static ConnectionEnd Closed(string reason) => new(false, reason, null);

    /// <summary>A connection ended by <paramref name="error"/>.</summary>
    public static ConnectionEnd Faulted(string reason, Exception error) => new(true, reason, error);
}
