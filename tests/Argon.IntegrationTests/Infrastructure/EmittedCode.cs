using System.Runtime.Loader;
using Argon.Tests.Shared;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>
/// Builds of a tiny assembly, "ShippedCalc", made at test time: each version is a different build of the same
/// assembly name (ShippedCalc.Calc.Apply(x) = x * 1000 + version), saved to its own folder and loaded in its own
/// load context, as a client would after a rebuild.
/// </summary>
internal static class EmittedCode
{
    public const string AssemblyName = ShippedCalcAssembly.Name;

    /// <summary>Emits version <paramref name="version"/> into <paramref name="directory"/> and returns its Apply method as a delegate.</summary>
    public static Func<int, int> Build(string directory, int version)
    {
        var folder = Path.Combine(directory, $"v{version}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, AssemblyName + ".dll");
        File.WriteAllBytes(path, ShippedCalcAssembly.Emit(version));

        var assembly = new AssemblyLoadContext($"{AssemblyName} v{version}").LoadFromAssemblyPath(path);
        return assembly.GetType(ShippedCalcAssembly.TypeName)!.GetMethod("Apply")!.CreateDelegate<Func<int, int>>();
    }
}
