namespace Argon.Protocol.Security;

/// <summary>The peers do not hold the same key: a proof did not match, or the peer refused ours.</summary>
public sealed class KeyProofException : Exception
{
    /// <summary>Creates a <see cref="KeyProofException"/> with a message.</summary>
    public KeyProofException(string message)
        : base(message)
    {
    }

    /// <summary>Creates a <see cref="KeyProofException"/> with a message and the exception that caused it.</summary>
    public KeyProofException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates a <see cref="KeyProofException"/> with a default message.</summary>
    public KeyProofException()
    {
    }
}
