namespace Argon.Protocol;

/// <summary>A peer broke the protocol: the connection it came on is closed, and nothing else.</summary>
public sealed class ProtocolException : Exception
{
    public ProtocolException(string message)
        : base(message)
    {
    }

    public ProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProtocolException()
    {
    }
}
