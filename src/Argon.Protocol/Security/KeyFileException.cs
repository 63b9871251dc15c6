namespace Argon.Protocol.Security;

/// <summary>A key file cannot be used: missing, unreadable, too open, or not a strong key. The message says how to fix it.</summary>
public sealed class KeyFileException : Exception
{
    /// <summary>Creates a <see cref="KeyFileException"/> with a message.</summary>
    public KeyFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates a <see cref="KeyFileException"/> with a message and the exception that caused it.</summary>
    public KeyFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates a <see cref="KeyFileException"/> with a default message.</summary>
    public KeyFileException()
    {
    }
}
