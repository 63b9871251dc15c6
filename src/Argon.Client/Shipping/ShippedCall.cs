using System.Buffers;
using System.Reflection.Emit;
using Argon.Protocol.Messages;
using Argon.Protocol.Shipping;
using MessagePack;

namespace Argon.Shipping;

/// <summary>
/// A delegate made ready to ship: its method's identity (module MVID and metadata token), the manifest of the
/// assemblies it needs, and a payload of [closure, [arguments]] written by <see cref="ShippedValueCodec"/>. Anything
/// that cannot travel fails here, before anything is sent.
/// </summary>
internal sealed class ShippedCall
{
    private ShippedCall(string name, CodeReference code, byte[] payload)
    {
        Name = name;
        Code = code;
        Payload = payload;
    }

    /// <summary>The method's name, for errors and logs.</summary>
    public string Name { get; }

    public CodeReference Code { get; }

    public byte[] Payload { get; }

    /// <exception cref="ArgonClosureException">The delegate, a captured variable or an argument cannot be shipped.</exception>
    public static ShippedCall Create(Delegate function, object?[] args)
    {
        ArgumentNullException.ThrowIfNull(function);
        var method = function.Method;
        var declaring = method.DeclaringType;
        var name = declaring is null ? method.Name : $"{declaring.FullName}.{method.Name}";
        if (function.HasSingleTarget is false)
        {
            throw new ArgonClosureException($"{name} is a multicast delegate; ship one method at a time.");
        }

        if (method is DynamicMethod || declaring is null || method.Module.Assembly.IsDynamic)
        {
            throw new ArgonClosureException($"{name} is dynamic code (compiled expression or emitted method) with no assembly to ship.");
        }

        if (method.IsGenericMethod || declaring.IsGenericType)
        {
            throw new ArgonClosureException(
                $"{name} is generic code (a lambda inside a generic method or type); ship a lambda written in non-generic code.");
        }

        var parameters = method.GetParameters();
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        try
        {
            if (method.IsStatic)
            {
                writer.WriteNil();
            }
            else
            {
                ShippedValueCodec.Write(ref writer, declaring, function.Target, ShippedShapes.IsClosure(declaring) ? "" : "this", ClosureFields.Used(method));
            }

            writer.WriteArrayHeader(parameters.Length);
            for (var i = 0; i < parameters.Length; i++)
            {
                ShippedValueCodec.Write(ref writer, parameters[i].ParameterType, i < args.Length ? args[i] : null, $"argument {i + 1} ({parameters[i].Name})");
            }
        }
        catch (ShippedValueException ex)
        {
            var what = ex.Path.StartsWith("argument ", StringComparison.Ordinal) ? "" : "captured variable ";
            throw new ArgonClosureException($"{name} cannot be shipped: {what}{ex.Message}", ex.Path, ex.ValueType.FullName, ex);
        }

        writer.Flush();
        var code = new CodeReference
        {
            Assemblies = AssemblyManifest.For(method.Module.Assembly),
            ModuleMvid = method.Module.ModuleVersionId,
            MethodToken = method.MetadataToken,
        };
        return new ShippedCall(name, code, buffer.WrittenSpan.ToArray());
    }

    /// <summary>The code reference of a task class's assembly, so a worker with --allow-eval can run it without --load; null for shared code.</summary>
    public static CodeReference? ForTaskType(Type type) =>
        AssemblyManifest.IsShared(type.Assembly) || type.Assembly.IsDynamic
            ? null
            : new CodeReference { Assemblies = AssemblyManifest.For(type.Assembly), ModuleMvid = type.Module.ModuleVersionId, MethodToken = type.MetadataToken };
}
