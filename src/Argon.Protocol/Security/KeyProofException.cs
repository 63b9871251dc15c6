namespace Argon.Protocol.Security;

/// <summary>The peers do not hold the same key: a proof did not match, or the peer refused ours.</summary>
public sealed class KeyProofException : Exception
{
    public KeyProofException(string message)
        : base(message)
    {
    }

    public KeyProofException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KeyProofException()
    {
    }
}
