namespace Argon.Protocol.Security;

/// <summary>A key file cannot be used: missing, unreadable, too open, or not a strong key. The message says how to fix it.</summary>
public sealed class KeyFileException : Exception
{
    public KeyFileException(string message)
        : base(message)
    {
    }

    public KeyFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KeyFileException()
    {
    }
}
