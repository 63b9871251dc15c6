using System.Buffers;
using System.Runtime.Loader;
using System.Security.Cryptography;
using Argon.Protocol.Messages;
using Argon.Tests.Shared;
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
        var bytes = ShippedCalcAssembly.Emit(version);
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
