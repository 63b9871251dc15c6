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
    public static MessagePackSerializerOptions Options { get; } =
        MessagePackSerializerOptions.Standard
            .WithResolver(ContractlessStandardResolver.Instance)
            .WithSecurity(MessagePackSecurity.UntrustedData);

    public static byte[] Serialize(Type type, object? value) => MessagePackSerializer.Serialize(type, value, Options);

    public static object? Deserialize(Type type, ReadOnlyMemory<byte> bytes) => MessagePackSerializer.Deserialize(type, bytes, Options);
}
