using System.Reflection;
using System.Runtime.CompilerServices;

namespace Argon.Protocol.Shipping;

/// <summary>
/// The allow-list of shapes that travel by value with shipped code: leaves (numbers, strings, dates, GUIDs, enums),
/// arrays and the System.Collections.Generic lists, sets and dictionaries of those, value tuples, compiler-generated
/// closures, and plain objects: user classes, records and structs whose every field is public or backs a public
/// auto-property. Anything else (sockets, streams, tasks, delegates, pointers, framework objects with hidden
/// state) does not travel.
/// </summary>
public static class ShippedShapes
{
    private static readonly HashSet<string> PlatformAssemblies = ReadPlatformAssemblies();

    private static readonly HashSet<Type> Leaves =
    [
        typeof(bool), typeof(char), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint),
        typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal), typeof(string), typeof(DateTime),
        typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid), typeof(byte[]), typeof(DateOnly), typeof(TimeOnly), typeof(Uri),
        typeof(Version), typeof(System.Numerics.BigInteger),
    ];

    private static readonly HashSet<Type> Sequences =
    [
        typeof(List<>), typeof(HashSet<>), typeof(IEnumerable<>), typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>),
        typeof(IList<>), typeof(ICollection<>), typeof(ISet<>), typeof(IReadOnlySet<>),
    ];

    private static readonly HashSet<Type> Maps = [typeof(Dictionary<,>), typeof(IDictionary<,>), typeof(IReadOnlyDictionary<,>)];

    /// <summary>True for a type that travels as a single MessagePack value (primitives, strings, and the like).</summary>
    public static bool IsLeaf(Type type) => Leaves.Contains(type);

    /// <summary>The element type when <paramref name="type"/> is a rank-1 array or an allowed list or set; else null.</summary>
    public static Type? SequenceElement(Type type)
    {
        if (type.IsArray)
        {
            return type.IsSZArray ? type.GetElementType() : null;
        }

        return type.IsGenericType && Sequences.Contains(type.GetGenericTypeDefinition()) ? type.GetGenericArguments()[0] : null;
    }

    /// <summary>Key and value types when <paramref name="type"/> is an allowed dictionary; else null.</summary>
    public static Type[]? MapTypes(Type type) =>
        type.IsGenericType && Maps.Contains(type.GetGenericTypeDefinition()) ? type.GetGenericArguments() : null;

    /// <summary>True for a ValueTuple of up to seven elements.</summary>
    public static bool IsValueTuple(Type type) =>
        type.IsGenericType && type.IsValueType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal) && type.GetGenericArguments().Length < 8;

    /// <summary>True for a <see cref="KeyValuePair{TKey, TValue}"/>.</summary>
    public static bool IsKeyValuePair(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>);

    /// <summary>
    /// A compiler-generated closure class, whose fields are the captured variables: a lambda's display class
    /// (&lt;&gt;c__DisplayClass…) or the cache class of lambdas that capture nothing (&lt;&gt;c). Not a state machine.
    /// </summary>
    public static bool IsClosure(Type type) =>
        type.IsClass && type.Name.StartsWith("<>c", StringComparison.Ordinal) && type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    /// <summary>True for a type of the shared framework.</summary>
    public static bool IsFramework(Type type) => type.Assembly.GetName().Name is { } name && PlatformAssemblies.Contains(name);

    /// <summary>True for an assembly of the shared framework, which every node has and no one ships.</summary>
    public static bool IsFrameworkAssembly(string name) => PlatformAssemblies.Contains(name);

    /// <summary>
    /// The members a plain object travels by: (name, declared type, field). Null with a reason when the type is
    /// not a plain object.
    /// </summary>
    public static IReadOnlyList<(string Name, Type Type, FieldInfo Field)>? PlainMembers(Type type, out string reason)
    {
        reason = "";
        if (IsFramework(type))
        {
            reason = "a framework type that is not a value, a string or a collection";
            return null;
        }

        if (type.IsAbstract || type.IsInterface || type.IsPointer || type.IsByRef || type.IsGenericTypeDefinition)
        {
            reason = "an abstract type, interface or pointer";
            return null;
        }

        if (typeof(Delegate).IsAssignableFrom(type))
        {
            reason = "a delegate; capture the values it needs instead";
            return null;
        }

        if (typeof(IDisposable).IsAssignableFrom(type) || typeof(IAsyncDisposable).IsAssignableFrom(type))
        {
            reason = "it is disposable, so it holds a resource that only exists in this process";
            return null;
        }

        var members = new List<(string, Type, FieldInfo)>();
        for (var current = type; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
        {
            if (IsFramework(current))
            {
                reason = $"it derives from {current.FullName}, a framework type with hidden state";
                return null;
            }

            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.IsPublic)
                {
                    members.Add((field.Name, field.FieldType, field));
                    continue;
                }

                if (field.Name.StartsWith('<') && field.Name.EndsWith(">k__BackingField", StringComparison.Ordinal))
                {
                    var name = field.Name[1..field.Name.IndexOf('>', StringComparison.Ordinal)];
                    if (current.GetProperty(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly) is { GetMethod.IsPublic: true })
                    {
                        members.Add((name, field.FieldType, field));
                        continue;
                    }
                }

                reason = $"its field '{field.Name}' is private state that is not a public property";
                return null;
            }
        }

        return members;
    }

    private static HashSet<string> ReadPlatformAssemblies()
    {
        var paths = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
        var shared = Directory.GetParent(runtime)?.Parent?.FullName ?? runtime;
        return new HashSet<string>(
            paths.Where(p => p.StartsWith(shared, StringComparison.Ordinal)).Select(Path.GetFileNameWithoutExtension).OfType<string>(),
            StringComparer.OrdinalIgnoreCase);
    }
}
