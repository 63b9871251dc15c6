using Argon.Protocol.Security;

namespace Argon.Cli.Commands;

/// <summary>Reads --key for a server command, turning a missing or empty file into a one-line error.</summary>
internal static class KeyLoader
{
    public static SharedKey Load(string path)
    {
        try
        {
            return SharedKey.FromFile(path);
        }
        catch (InvalidOperationException ex)
        {
            throw new CommandLineException(ex.Message, ex);
        }
    }
}
