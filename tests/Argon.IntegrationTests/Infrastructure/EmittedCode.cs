using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>
/// Builds of a tiny assembly, "ShippedCalc", made at test time: each version is a different build of the same
/// assembly name (ShippedCalc.Calc.Apply(x) = x * 1000 + version), saved to its own folder and loaded in its own
/// load context, as a client would after a rebuild.
/// </summary>
internal static class EmittedCode
{
    public const string AssemblyName = "ShippedCalc";

    /// <summary>Emits version <paramref name="version"/> into <paramref name="directory"/> and returns its Apply method as a delegate.</summary>
    public static Func<int, int> Build(string directory, int version)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName(AssemblyName), typeof(object).Assembly);
        var module = builder.DefineDynamicModule(AssemblyName);
        var type = module.DefineType($"{AssemblyName}.Calc", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class);
        var method = type.DefineMethod("Apply", MethodAttributes.Public | MethodAttributes.Static, typeof(int), [typeof(int)]);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4, 1000);
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Ldc_I4, version);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ret);
        type.CreateType();

        var folder = Path.Combine(directory, $"v{version}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, AssemblyName + ".dll");
        builder.Save(path);

        var assembly = new AssemblyLoadContext($"{AssemblyName} v{version}").LoadFromAssemblyPath(path);
        return assembly.GetType($"{AssemblyName}.Calc")!.GetMethod("Apply")!.CreateDelegate<Func<int, int>>();
    }
}
