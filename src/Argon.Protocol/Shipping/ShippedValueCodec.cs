using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Argon.Protocol.Messages;
using MessagePack;

namespace Argon.Protocol.Shipping;

/// <summary>
/// Writes and reads the values of shipped code (captured variables, arguments, results) by their declared type,
/// by reflection over <see cref="ShippedShapes"/>. Plain objects are maps of member names, as MessagePack's
/// contractless resolver writes them, so a client reads a shipped delegate's result like a task's. No type names
/// travel, and no code is generated: types from collectible contexts are never cached here, so they unload.
/// </summary>
public static class ShippedValueCodec
{
    /// <summary>How deep values may nest, on writing and on reading.</summary>
    public const int MaxDepth = 32;

    private static MessagePackSerializerOptions LeafOptions => MessageCodec.Options;

    /// <exception cref="ShippedValueException">The value, or something inside it, cannot travel by value.</exception>
    /// <remarks>
    /// For a delegate's closure, <paramref name="closureFields"/> names the closure fields its code uses; the others
    /// are left out (null for all). <paramref name="path"/> names the value in errors.
    /// </remarks>
    public static void Write(ref MessagePackWriter writer, Type declared, object? value, string path, IReadOnlySet<FieldInfo>? closureFields = null) =>
        Write(ref writer, declared, value, path, 0, new Context(closureFields));

    /// <summary>Reads a value written for the declared type <paramref name="declared"/>.</summary>
    public static object? Read(ref MessagePackReader reader, Type declared) => Read(ref reader, declared, 0);

    private static void Write(ref MessagePackWriter writer, Type declared, object? value, string path, int depth, Context visiting)
    {
        if (depth > MaxDepth)
        {
            throw new ShippedValueException(path, declared, $"it nests deeper than {MaxDepth} levels");
        }

        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        if (ShippedShapes.IsLeaf(type))
        {
            MessagePackSerializer.Serialize(type, ref writer, value, LeafOptions);
            return;
        }

        if (type.IsEnum)
        {
            writer.Write(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            return;
        }

        if (!type.IsValueType && !visiting.Visiting.Add(value))
        {
            throw new ShippedValueException(path, value.GetType(), "it refers back to itself (a cycle)");
        }

        try
        {
            WriteComposite(ref writer, type, value, path, depth, visiting);
        }
        finally
        {
            if (!type.IsValueType)
            {
                visiting.Visiting.Remove(value);
            }
        }
    }

    private static void WriteComposite(ref MessagePackWriter writer, Type type, object value, string path, int depth, Context visiting)
    {
        if (ShippedShapes.SequenceElement(type) is { } element)
        {
            var runtime = value.GetType();
            if (!runtime.IsArray && runtime.Namespace != "System.Collections.Generic")
            {
                throw new ShippedValueException(path, runtime, "a lazy or custom sequence; capture an array or a List<T> of its items instead");
            }

            var items = ((IEnumerable)value).Cast<object?>().ToList();
            writer.WriteArrayHeader(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                Write(ref writer, element, items[i], $"{path}[{i}]", depth + 1, visiting);
            }

            return;
        }

        if (ShippedShapes.MapTypes(type) is { } kv)
        {
            if (value.GetType().Namespace != "System.Collections.Generic")
            {
                throw new ShippedValueException(path, value.GetType(), "a custom dictionary; capture a Dictionary<TKey, TValue> instead");
            }

            var entries = ((IEnumerable)value).Cast<object>().ToList();
            writer.WriteMapHeader(entries.Count);
            foreach (var entry in entries)
            {
                var pair = entry.GetType();
                var key = pair.GetProperty("Key")!.GetValue(entry);
                Write(ref writer, kv[0], key, $"{path}.Key", depth + 1, visiting);
                Write(ref writer, kv[1], pair.GetProperty("Value")!.GetValue(entry), $"{path}[{key}]", depth + 1, visiting);
            }

            return;
        }

        if (ShippedShapes.IsValueTuple(type) || ShippedShapes.IsKeyValuePair(type))
        {
            var parts = type.GetGenericArguments();
            writer.WriteArrayHeader(parts.Length);
            for (var i = 0; i < parts.Length; i++)
            {
                var item = ShippedShapes.IsKeyValuePair(type)
                    ? type.GetProperty(i == 0 ? "Key" : "Value")!.GetValue(value)
                    : type.GetField($"Item{i + 1}")!.GetValue(value);
                Write(ref writer, parts[i], item, $"{path}.Item{i + 1}", depth + 1, visiting);
            }

            return;
        }

        var actual = value.GetType();
        if (actual != type)
        {
            throw new ShippedValueException(path, actual,
                $"it is declared as {type.FullName} but is a {actual.FullName}; only the declared type travels, so it would arrive changed");
        }

        if (ShippedShapes.IsClosure(type))
        {
            var fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(f => visiting.ClosureFields is null || visiting.ClosureFields.Contains(f))
                .ToArray();
            writer.WriteMapHeader(fields.Length);
            foreach (var field in fields)
            {
                writer.Write(field.Name);
                Write(ref writer, field.FieldType, field.GetValue(value), CapturedName(field.Name, path), depth + 1, visiting);
            }

            return;
        }

        var members = ShippedShapes.PlainMembers(type, out var reason)
            ?? throw new ShippedValueException(path, type, reason);
        writer.WriteMapHeader(members.Count);
        foreach (var (name, memberType, field) in members)
        {
            writer.Write(name);
            Write(ref writer, memberType, field.GetValue(value), $"{path}.{name}", depth + 1, visiting);
        }
    }

    /// <summary>The user's name for a closure field: the local's name, "this", or the path itself for an outer scope's closure.</summary>
    private static string CapturedName(string field, string path) => field switch
    {
        "<>4__this" => path.Length == 0 ? "this" : $"{path}.this",
        _ when field.StartsWith("CS$<>", StringComparison.Ordinal) => path,
        _ => path.Length == 0 ? field : $"{path}.{field}",
    };

    private static object? Read(ref MessagePackReader reader, Type declared, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new MessagePackSerializationException($"the value nests deeper than {MaxDepth} levels");
        }

        if (reader.TryReadNil())
        {
            return declared.IsValueType && Nullable.GetUnderlyingType(declared) is null ? RuntimeHelpers.GetUninitializedObject(declared) : null;
        }

        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        if (ShippedShapes.IsLeaf(type))
        {
            return MessagePackSerializer.Deserialize(type, ref reader, LeafOptions);
        }

        if (type.IsEnum)
        {
            return Enum.ToObject(type, reader.ReadInt64());
        }

        if (ShippedShapes.SequenceElement(type) is { } element)
        {
            return ReadSequence(ref reader, type, element, depth);
        }

        if (ShippedShapes.MapTypes(type) is { } kv)
        {
            var count = reader.ReadMapHeader();
            var map = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(kv))!;
            for (var i = 0; i < count; i++)
            {
                var key = Read(ref reader, kv[0], depth + 1) ?? throw new MessagePackSerializationException("a dictionary key is nil");
                map[key] = Read(ref reader, kv[1], depth + 1);
            }

            return map;
        }

        if (ShippedShapes.IsValueTuple(type) || ShippedShapes.IsKeyValuePair(type))
        {
            var parts = type.GetGenericArguments();
            if (reader.ReadArrayHeader() != parts.Length)
            {
                throw new MessagePackSerializationException($"a {type.Name} needs {parts.Length} items");
            }

            var items = new object?[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                items[i] = Read(ref reader, parts[i], depth + 1);
            }

            return Activator.CreateInstance(type, items);
        }

        return ReadObject(ref reader, type, depth);
    }

    private static object ReadSequence(ref MessagePackReader reader, Type type, Type element, int depth)
    {
        var count = reader.ReadArrayHeader();
        var items = Array.CreateInstance(element, count);
        for (var i = 0; i < count; i++)
        {
            items.SetValue(Read(ref reader, element, depth + 1), i);
        }

        if (type.IsArray || !type.IsGenericType)
        {
            return items;
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(HashSet<>) || definition == typeof(ISet<>) || definition == typeof(IReadOnlySet<>))
        {
            return Activator.CreateInstance(typeof(HashSet<>).MakeGenericType(element), items)!;
        }

        return definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(ICollection<>)
            ? Activator.CreateInstance(typeof(List<>).MakeGenericType(element), items)!
            : items;
    }

    private static object ReadObject(ref MessagePackReader reader, Type type, int depth)
    {
        IReadOnlyList<(string Name, Type Type, FieldInfo Field)> members;
        if (ShippedShapes.IsClosure(type))
        {
            members = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Select(f => (f.Name, f.FieldType, f)).ToList();
        }
        else
        {
            members = ShippedShapes.PlainMembers(type, out var reason)
                ?? throw new MessagePackSerializationException($"{type.FullName} cannot be read: {reason}");
        }

        var instance = RuntimeHelpers.GetUninitializedObject(type);
        var count = reader.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var member = members.FirstOrDefault(m => m.Name == name);
            if (member.Field is null)
            {
                reader.Skip();
                continue;
            }

            member.Field.SetValue(instance, Read(ref reader, member.Type, depth + 1));
        }

        return instance;
    }

    /// <summary>State of one write: the objects on the current path (to refuse cycles) and the closure fields in use.</summary>
    private sealed class Context(IReadOnlySet<FieldInfo>? closureFields)
    {
        public HashSet<object> Visiting { get; } = new(ReferenceEqualityComparer.Instance);

        public IReadOnlySet<FieldInfo>? ClosureFields { get; } = closureFields;
    }
}
