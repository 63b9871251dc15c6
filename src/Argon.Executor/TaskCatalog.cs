using System.Collections.Concurrent;
using System.Reflection;

namespace Argon.Executor;

/// <summary>
/// The task types a node can run: public, concrete classes implementing <see cref="ITask{TResult}"/> or
/// <see cref="IAsyncTask{TResult}"/> in the loaded task assemblies. A type name from the wire resolves
/// only to one of these, never to an arbitrary framework type.
/// </summary>
public sealed class TaskCatalog
{
    private readonly ConcurrentDictionary<string, TaskType> _types = new(StringComparer.Ordinal);
    private readonly List<string> _sources = [];

    /// <summary>The files and folders given with --load, for error messages.</summary>
    public IReadOnlyList<string> Sources => _sources;

    public int Count => _types.Count;

    /// <summary>Loads task assemblies from files and folders (every *.dll in a folder).</summary>
    /// <exception cref="FileNotFoundException">A path does not exist.</exception>
    public static TaskCatalog Load(IEnumerable<string> paths)
    {
        var catalog = new TaskCatalog();
        var contexts = new Dictionary<string, TaskAssemblyLoadContext>(StringComparer.Ordinal);
        foreach (var raw in paths)
        {
            var path = Path.GetFullPath(raw);
            catalog._sources.Add(path);
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*.dll").Order(StringComparer.Ordinal))
                {
                    catalog.TryAddLibrary(LoadByNameInto(contexts, file));
                }
            }
            else if (File.Exists(path))
            {
                catalog.AddAssembly(LoadInto(contexts, path)());
            }
            else
            {
                throw new FileNotFoundException($"Task assembly path '{raw}' does not exist.", path);
            }
        }

        return catalog;
    }

    /// <summary>Adds the task types of an assembly already loaded (used for samples and tests).</summary>
    public void AddAssembly(Assembly assembly)
    {
        foreach (var type in SafeGetTypes(assembly))
        {
            if (TaskType.TryCreate(type) is { } taskType)
            {
                _types.TryAdd(type.FullName!, taskType);
            }
        }
    }

    public bool TryResolve(string typeName, out TaskType taskType) => _types.TryGetValue(typeName, out taskType!);

    private void TryAddLibrary(Func<Assembly> load)
    {
        Assembly assembly;
        try
        {
            assembly = load();
        }
        catch (BadImageFormatException)
        {
            return; // a native library or another non-.NET file in the folder
        }
        catch (FileLoadException)
        {
            return; // already loaded by the host: not a task library
        }
        catch (FileNotFoundException)
        {
            return; // a name the host claims but cannot resolve: not a task library
        }

        if (assembly.GetReferencedAssemblies().Any(r => r.Name == typeof(ITask<>).Assembly.GetName().Name))
        {
            AddAssembly(assembly);
        }
    }

    private static Func<Assembly> LoadInto(Dictionary<string, TaskAssemblyLoadContext> contexts, string file) => () =>
        ContextFor(contexts, file).LoadFromAssemblyPath(file);

    /// <summary>
    /// Loads a folder's file by name through its context, so an assembly the host shares (Argon.Abstractions, the
    /// framework) comes from the host. Loaded by path, the folder's own copy of Argon.Abstractions would be bound
    /// by the task libraries after it, and their ITask&lt;T&gt; would no longer be the host's.
    /// </summary>
    private static Func<Assembly> LoadByNameInto(Dictionary<string, TaskAssemblyLoadContext> contexts, string file) => () =>
        ContextFor(contexts, file).LoadFromAssemblyName(new AssemblyName(Path.GetFileNameWithoutExtension(file)));

    private static TaskAssemblyLoadContext ContextFor(Dictionary<string, TaskAssemblyLoadContext> contexts, string file)
    {
        var directory = Path.GetDirectoryName(file)!;
        if (!contexts.TryGetValue(directory, out var context))
        {
            context = new TaskAssemblyLoadContext(directory);
            contexts.Add(directory, context);
        }

        return context;
    }

    private static IEnumerable<Type> SafeGetTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}
