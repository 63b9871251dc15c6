using System.Buffers;
using System.Reflection;
using Argon.Protocol.Messages;
using Argon.Protocol.Shipping;
using MessagePack;

namespace Argon.Executor.Shipping;

/// <summary>
/// Runs a shipped delegate: resolves its method in the code's context, rebuilds its closure and arguments from the
/// payload ([closure, [arguments]]) by their declared types, invokes it, awaits a Task or ValueTask result, and
/// writes the result by its declared type.
/// </summary>
internal static class DelegateRunner
{
    /// <summary>Rebuilds the call. Throws for a payload that does not fit the method.</summary>
    public static (MethodInfo Method, object? Target, object?[] Args) Rebuild(LoadedCode context, CodeReference code, ReadOnlyMemory<byte> payload)
    {
        var method = context.ResolveMethod(code.ModuleMvid, code.MethodToken);
        var parameters = method.GetParameters();
        var reader = new MessagePackReader(payload);
        if (reader.ReadArrayHeader() != 2)
        {
            throw new MessagePackSerializationException("a delegate payload is [closure, arguments]");
        }

        var target = method.IsStatic ? Skip(ref reader) : ShippedValueCodec.Read(ref reader, method.DeclaringType!);
        var count = reader.ReadArrayHeader();
        if (count != parameters.Length)
        {
            throw new MessagePackSerializationException($"{method.Name} takes {parameters.Length} argument(s), not {count}");
        }

        var args = new object?[count];
        for (var i = 0; i < count; i++)
        {
            args[i] = ShippedValueCodec.Read(ref reader, parameters[i].ParameterType);
        }

        return (method, target, args);
    }

    /// <summary>Invokes the method and returns its result, awaited if it is a Task&lt;T&gt; or ValueTask&lt;T&gt;, with its type.</summary>
    public static async Task<(object? Value, Type Type)> InvokeAsync(MethodInfo method, object? target, object?[] args)
    {
        var returned = method.Invoke(target, args);
        var type = method.ReturnType;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>) && returned is not null)
        {
            returned = type.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null);
            type = typeof(Task<>).MakeGenericType(type.GetGenericArguments()[0]);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>) && returned is Task task)
        {
            await task.ConfigureAwait(false);
            return (type.GetProperty(nameof(Task<int>.Result))!.GetValue(task), type.GetGenericArguments()[0]);
        }

        return (returned, type);
    }

    public static byte[] Write(Type type, object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        ShippedValueCodec.Write(ref writer, type, value, "result");
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static object? ReadInstance(Type type, ReadOnlyMemory<byte> payload)
    {
        var reader = new MessagePackReader(payload);
        return ShippedValueCodec.Read(ref reader, type);
    }

    private static object? Skip(ref MessagePackReader reader)
    {
        reader.Skip();
        return null;
    }
}
