using System.Reflection;
using System.Reflection.Emit;

namespace Argon.Tests.Shared;

/// <summary>
/// A tiny assembly made at test time, "ShippedCalc", whose ShippedCalc.Calc.Apply(x) = x * 1000 + version: each
/// version is a different build of the same assembly name, as a client's rebuild would be. Linked into the test
/// projects that ship code.
/// </summary>
internal static class ShippedCalcAssembly
{
    public const string Name = "ShippedCalc";

    public const string TypeName = Name + ".Calc";

    /// <summary>The bytes of build <paramref name="version"/>.</summary>
    public static byte[] Emit(int version)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName(Name), typeof(object).Assembly);
        var type = builder.DefineDynamicModule(Name).DefineType(TypeName, TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class);
        var method = type.DefineMethod("Apply", MethodAttributes.Public | MethodAttributes.Static, typeof(int), [typeof(int)]);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4, 1000);
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Ldc_I4, version);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ret);
        type.CreateType();
        using var stream = new MemoryStream();
        builder.Save(stream);
        return stream.ToArray();
    }
}
