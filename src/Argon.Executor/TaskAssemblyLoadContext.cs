using System.Reflection;
using System.Runtime.Loader;

namespace Argon.Executor;

/// <summary>
/// Loads one folder of task assemblies. Argon's own contracts and the framework come from the host, so a
/// task library's <see cref="ITask{TResult}"/> is the host's; everything else resolves from the folder.
/// </summary>
internal sealed class TaskAssemblyLoadContext : AssemblyLoadContext
{
    private static readonly HashSet<string> PlatformAssemblies = ReadPlatformAssemblies();
    private readonly string _directory;

    public TaskAssemblyLoadContext(string directory)
        : base($"argon-tasks:{directory}")
    {
        _directory = directory;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name is null || PlatformAssemblies.Contains(name) || name.StartsWith("Argon.", StringComparison.Ordinal) && IsHostAssembly(name))
        {
            return null;
        }

        var candidate = Path.Combine(_directory, name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    private static bool IsHostAssembly(string name) =>
        Default.Assemblies.Any(a => a.GetName().Name == name) || File.Exists(Path.Combine(AppContext.BaseDirectory, name + ".dll"));

    private static HashSet<string> ReadPlatformAssemblies()
    {
        var paths = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return new HashSet<string>(paths.Select(Path.GetFileNameWithoutExtension).OfType<string>(), StringComparer.OrdinalIgnoreCase);
    }
}
