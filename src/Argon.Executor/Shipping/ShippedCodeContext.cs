using System.Reflection;
using System.Runtime.Loader;
using Argon.Protocol.Messages;

namespace Argon.Executor.Shipping;

/// <summary>
/// A collectible load context for one set of shipped assemblies (one client's build of its code). Names in the set
/// load from the worker's code cache; everything else (the framework, Argon's own contracts) comes from the host.
/// Two builds of one assembly name live in two contexts and never meet. It must hold nothing loaded in it: an
/// assembly or type referenced from the context object keeps the context alive after Unload (see <see cref="LoadedCode"/>).
/// </summary>
internal sealed class ShippedCodeContext : AssemblyLoadContext
{
    private readonly Dictionary<string, string> _paths = new(StringComparer.OrdinalIgnoreCase);

    public ShippedCodeContext(string key, string directory, IReadOnlyList<CodeAssembly> assemblies)
        : base($"argon-shipped:{key}", isCollectible: true)
    {
        foreach (var assembly in assemblies)
        {
            _paths.TryAdd(assembly.Name, Path.Combine(directory, assembly.Hash + ".dll"));
        }

        RootPath = Path.Combine(directory, assemblies[0].Hash + ".dll");
    }

    /// <summary>The file of the assembly that holds the shipped code (the manifest's first).</summary>
    public string RootPath { get; }

    protected override Assembly? Load(AssemblyName assemblyName) =>
        assemblyName.Name is { } name && _paths.TryGetValue(name, out var path) && File.Exists(path) ? LoadFromAssemblyPath(path) : null;
}
