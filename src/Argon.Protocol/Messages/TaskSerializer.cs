using MessagePack;
using MessagePack.Resolvers;

namespace Argon.Protocol.Messages;

/// <summary>
/// How task objects, constructor arguments and results are encoded: MessagePack, contractless so plain
/// records and classes work without attributes, with the untrusted-data limits. The concrete type is
/// always chosen by the reader; no type names are embedded in the data.
/// </summary>
public static class TaskSerializer
{
    /// <summary>The MessagePack options for tasks and results: contractless, with the untrusted-data limits.</summary>
    public static MessagePackSerializerOptions Options { get; } =
        MessagePackSerializerOptions.Standard
            .WithResolver(ContractlessStandardResolver.Instance)
            .WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Encodes <paramref name="value"/> as <paramref name="type"/>.</summary>
    public static byte[] Serialize(Type type, object? value) => MessagePackSerializer.Serialize(type, value, Options);

    /// <summary>Decodes a <paramref name="type"/> from <paramref name="bytes"/>.</summary>
    public static object? Deserialize(Type type, ReadOnlyMemory<byte> bytes) => MessagePackSerializer.Deserialize(type, bytes, Options);
}
