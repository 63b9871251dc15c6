using System.CommandLine;
using Argon.Cli.Options;
using Argon.Protocol.Security;

namespace Argon.Cli.Commands;

/// <summary>`argon keygen FILE`: writes a strong random key readable only by its owner (mode 0600).</summary>
internal static class KeygenCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Where to write the key." };
        var force = EnvironmentOption.Flag("--force", "ARGON_KEYGEN_FORCE", "Overwrite an existing file.");
        var command = new Command("keygen", "Write a new random shared key to FILE (mode 0600).") { file, force };
        command.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            Write(path, result.GetValue(force));
            System.Console.Out.WriteLine($"Wrote a new key to {path}. Give the same file to the manager, the workers and the clients.");
            return 0;
        });
        return command;
    }

    public static void Write(string path, bool overwrite)
    {
        var key = KeyFile.Generate();
        var options = new FileStreamOptions
        {
            Mode = overwrite ? FileMode.Create : FileMode.CreateNew,
            Access = FileAccess.Write,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
            writer.Write(key);
        }
        catch (IOException ex) when (File.Exists(path) && !overwrite)
        {
            throw new CommandLineException($"{path} already exists; pass --force to replace it.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException(CannotWrite(path, ex), ex);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Why the key could not be written, and what to do about it.</summary>
    private static string CannotWrite(string path, Exception error)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return Directory.Exists(path) ? $"{path} is a folder; give the key a file name, e.g. {Path.Combine(path, "argon.key")}."
            : folder is not null && !Directory.Exists(folder) ? $"cannot write {path}: the folder {folder} does not exist; create it first (mkdir -p {folder})."
            : error is UnauthorizedAccessException ? $"cannot write {path}: permission denied; pick a folder you can write to."
            : $"cannot write {path}: {error.Message}";
    }
}
