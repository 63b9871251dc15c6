using System.Buffers;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using System.Security.Cryptography;
using Argon.Protocol.Messages;
using MessagePack;

namespace Argon.Executor.Tests;

/// <summary>
/// A worker's code cache in a temp folder, holding builds of a tiny emitted assembly "ShippedCalc" (Calc.Apply(x) =
/// x * 1000 + version) under their hashes, with the code references a client would send for them.
/// </summary>
internal sealed class ShippedCodeFiles : IDisposable
{
    public ShippedCodeFiles() => Directory = System.IO.Directory.CreateTempSubdirectory("argon-code-").FullName;

    public string Directory { get; }

    /// <summary>Emits version <paramref name="version"/>, stores it as hash.dll and returns the reference to Calc.Apply.</summary>
    public CodeReference Add(int version)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName("ShippedCalc"), typeof(object).Assembly);
        var type = builder.DefineDynamicModule("ShippedCalc").DefineType("ShippedCalc.Calc", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
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
        var bytes = stream.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        File.WriteAllBytes(Path.Combine(Directory, hash + ".dll"), bytes);
        var (mvid, token) = Identify(bytes);
        return new CodeReference { Assemblies = [new CodeAssembly { Name = "ShippedCalc", Hash = hash, Size = bytes.Length }], ModuleMvid = mvid, MethodToken = token };
    }

    /// <summary>A delegate payload: no closure, and the arguments as ints.</summary>
    public static byte[] Payload(params int[] args)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.WriteNil();
        writer.WriteArrayHeader(args.Length);
        foreach (var arg in args)
        {
            writer.Write(arg);
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Harmless.
        }
    }

    private static (Guid Mvid, int Token) Identify(byte[] bytes)
    {
        var context = new AssemblyLoadContext("identify", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(bytes));
            return (assembly.ManifestModule.ModuleVersionId, assembly.GetType("ShippedCalc.Calc")!.GetMethod("Apply")!.MetadataToken);
        }
        finally
        {
            context.Unload();
        }
    }
}
