namespace Argon.Cli;

/// <summary>A usage or start-up error: printed as one line, exit code 2, no stack trace.</summary>
internal sealed class CommandLineException : Exception
{
    public CommandLineException(string message)
        : base(message)
    {
    }

    public CommandLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CommandLineException()
    {
    }
}
