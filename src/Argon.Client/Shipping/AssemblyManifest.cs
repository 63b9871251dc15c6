using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using Argon.Protocol.Messages;
using Argon.Protocol.Shipping;

namespace Argon.Shipping;

/// <summary>
/// The assemblies shipped code needs: its own assembly and, transitively, the assemblies it references that are
/// neither the shared framework nor Argon's own (every node has those). Each is named by the SHA-256 of its bytes,
/// computed once per assembly per process; the bytes are kept so a NeedCode is answered with exactly the code that
/// was hashed, even if the file is rebuilt meanwhile.
/// </summary>
internal static class AssemblyManifest
{
    /// <summary>Argon's own assemblies: the executor resolves these from its host, never from shipped code.</summary>
    private static readonly HashSet<string> ArgonAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        "Argon.Abstractions", "Argon.Protocol", "Argon.Client", "Argon.Executor", "Argon.Worker", "Argon.Manager", "Argon.Hosting", "argon",
    };

    private static readonly ConcurrentDictionary<Assembly, IReadOnlyList<CodeAssembly>> Manifests = new();
    private static readonly ConcurrentDictionary<Assembly, CodeAssembly?> Entries = new();
    private static readonly ConcurrentDictionary<string, byte[]> Bytes = new(StringComparer.Ordinal);

    /// <summary>The manifest of <paramref name="root"/>: itself first, then its shippable references.</summary>
    /// <exception cref="ArgonClosureException">The assembly has no file (dynamic or loaded from bytes) or is Argon's own.</exception>
    public static IReadOnlyList<CodeAssembly> For(Assembly root) => Manifests.GetOrAdd(root, Build);

    /// <summary>True for assemblies no one ships: the framework and Argon's own.</summary>
    public static bool IsShared(Assembly assembly) =>
        assembly.GetName().Name is not { } name || ArgonAssemblies.Contains(name) || ShippedShapes.IsFrameworkAssembly(name);

    public static bool TryGetBytes(string hash, out byte[] bytes) => Bytes.TryGetValue(hash, out bytes!);

    private static List<CodeAssembly> Build(Assembly root)
    {
        if (IsShared(root))
        {
            throw new ArgonClosureException($"{root.GetName().Name} is part of the framework or of Argon; there is no code of its own to ship.");
        }

        var manifest = new List<CodeAssembly>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<Assembly>([root]);
        while (pending.TryDequeue(out var assembly))
        {
            if (!seen.Add(assembly.GetName().Name!) || Entry(assembly) is not { } entry)
            {
                continue;
            }

            manifest.Add(entry);
            var context = AssemblyLoadContext.GetLoadContext(assembly) ?? AssemblyLoadContext.Default;
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is { } name && !ArgonAssemblies.Contains(name) && !ShippedShapes.IsFrameworkAssembly(name) && !seen.Contains(name)
                    && TryLoad(context, reference) is { } dependency)
                {
                    pending.Enqueue(dependency);
                }
            }
        }

        if (manifest.Count == 0 || manifest[0].Name != root.GetName().Name)
        {
            throw new ArgonClosureException(
                $"{root.GetName().Name} has no file to ship (it is dynamic or was loaded from bytes); load it from a file to ship its code.");
        }

        return manifest;
    }

    private static CodeAssembly? Entry(Assembly assembly) => Entries.GetOrAdd(assembly, static a =>
    {
        if (a.IsDynamic || string.IsNullOrEmpty(a.Location) || !File.Exists(a.Location))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(a.Location);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Bytes.TryAdd(hash, bytes);
        return new CodeAssembly { Name = a.GetName().Name!, Hash = hash, Size = bytes.Length };
    });

    private static Assembly? TryLoad(AssemblyLoadContext context, AssemblyName name)
    {
        try
        {
            return context.LoadFromAssemblyName(name);
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return null; // a reference this process never needed: the code cannot need it either
        }
    }
}
