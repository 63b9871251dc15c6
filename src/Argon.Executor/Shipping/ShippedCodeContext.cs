using System.Reflection;
using System.Runtime.Loader;
using Argon.Protocol.Messages;

namespace Argon.Executor.Shipping;

/// <summary>
/// A collectible load context for one set of shipped assemblies (one client's build of its code). Names in the set
/// load from the worker's code cache; everything else (the framework, Argon's own contracts) comes from the host.
/// Two builds of one assembly name live in two contexts and never meet. Unloaded when evicted.
/// </summary>
internal sealed class ShippedCodeContext : AssemblyLoadContext
{
    private readonly Dictionary<string, string> _paths = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, MethodInfo> _methods = [];
    private readonly Dictionary<string, TaskType?> _taskTypes = new(StringComparer.Ordinal);
    private readonly string _rootPath;
    private Assembly? _root;

    public ShippedCodeContext(string key, string directory, IReadOnlyList<CodeAssembly> assemblies)
        : base($"argon-shipped:{key}", isCollectible: true)
    {
        foreach (var assembly in assemblies)
        {
            _paths.TryAdd(assembly.Name, Path.Combine(directory, assembly.Hash + ".dll"));
        }

        _rootPath = Path.Combine(directory, assemblies[0].Hash + ".dll");
    }

    /// <summary>The assembly that holds the shipped code (the manifest's first).</summary>
    public Assembly Root => _root ??= LoadFromAssemblyPath(_rootPath);

    /// <summary>The delegate's method, by module MVID and metadata token.</summary>
    public MethodInfo ResolveMethod(Guid moduleMvid, int token)
    {
        if (_methods.TryGetValue(token, out var cached))
        {
            return cached;
        }

        var module = Root.ManifestModule;
        if (module.ModuleVersionId != moduleMvid)
        {
            throw new InvalidOperationException($"the shipped {Root.GetName().Name} is module {module.ModuleVersionId}, not the {moduleMvid} the delegate names");
        }

        var method = module.ResolveMethod(token) as MethodInfo
            ?? throw new InvalidOperationException($"token 0x{token:x8} of {Root.GetName().Name} is not a method");
        _methods[token] = method;
        return method;
    }

    /// <summary>A task class of the shipped code, by full name; null when there is none.</summary>
    public TaskType? ResolveTaskType(string typeName)
    {
        if (!_taskTypes.TryGetValue(typeName, out var taskType))
        {
            taskType = Root.GetType(typeName, throwOnError: false) is { } type ? TaskType.TryCreate(type) : null;
            _taskTypes[typeName] = taskType;
        }

        return taskType;
    }

    protected override Assembly? Load(AssemblyName assemblyName) =>
        assemblyName.Name is { } name && _paths.TryGetValue(name, out var path) && File.Exists(path) ? LoadFromAssemblyPath(path) : null;
}
