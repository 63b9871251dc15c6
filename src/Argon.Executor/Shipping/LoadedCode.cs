using System.Reflection;

namespace Argon.Executor.Shipping;

/// <summary>
/// One live set of shipped code: its collectible context, its root assembly, and the methods and task types
/// resolved in it. Dropping this object and unloading the context frees them all.
/// </summary>
internal sealed class LoadedCode(ShippedCodeContext context)
{
    private readonly Dictionary<int, MethodInfo> _methods = [];
    private readonly Dictionary<string, TaskType?> _taskTypes = new(StringComparer.Ordinal);
    private Assembly? _root;

    public ShippedCodeContext Context { get; } = context;

    public Assembly Root => _root ??= Context.LoadFromAssemblyPath(Context.RootPath);

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
}
