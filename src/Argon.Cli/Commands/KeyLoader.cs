using Argon.Protocol.Security;

namespace Argon.Cli.Commands;

/// <summary>Reads the --key files, turning any problem with them (missing, too open, weak) into a one-line configuration error.</summary>
internal static class KeyLoader
{
    public static KeyRing Load(IReadOnlyList<string> paths)
    {
        try
        {
            return KeyRing.FromFiles(paths);
        }
        catch (KeyFileException ex)
        {
            throw new CommandLineException(ex.Message, ex);
        }
    }
}
