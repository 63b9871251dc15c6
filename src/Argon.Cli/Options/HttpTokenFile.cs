namespace Argon.Cli.Options;

/// <summary>
/// Reads --http-token-file: one line, trailing whitespace ignored, not empty, and readable by its owner only (a
/// token others can read protects nothing).
/// </summary>
internal static class HttpTokenFile
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static string Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CommandLineException($"--http-token-file: {path} is a folder; give the file that holds the token.");
        }

        if (!File.Exists(path))
        {
            throw new CommandLineException(
                $"--http-token-file: {path} does not exist; write a token to it, e.g. `openssl rand -hex 32 > {path} && chmod 600 {path}`.");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
        {
            throw new CommandLineException($"--http-token-file: {path} can be read or changed by other users; run `chmod 600 {path}`.");
        }

        string token;
        try
        {
            token = File.ReadAllText(path).TrimEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException($"--http-token-file: cannot read {path} ({ex.Message}).", ex);
        }

        if (token.Length == 0)
        {
            throw new CommandLineException($"--http-token-file: {path} is empty; write a token to it, e.g. `openssl rand -hex 32 > {path}`.");
        }

        if (token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new CommandLineException($"--http-token-file: the token in {path} must be one word, without spaces or line breaks.");
        }

        return token;
    }
}
