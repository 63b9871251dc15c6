namespace Argon.Protocol;

/// <summary>A peer broke the protocol: the connection it came on is closed, and nothing else.</summary>
public sealed class ProtocolException : Exception
{
    /// <summary>Creates a <see cref="ProtocolException"/> with a message.</summary>
    public ProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates a <see cref="ProtocolException"/> with a message and the exception that caused it.</summary>
    public ProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates a <see cref="ProtocolException"/> with a default message.</summary>
    public ProtocolException()
    {
    }
}
