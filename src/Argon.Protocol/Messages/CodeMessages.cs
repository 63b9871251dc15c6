using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>One assembly of shipped code: its simple name and the SHA-256 of its file, in lower-case hex.</summary>
[MessagePackObject]
public sealed class CodeAssembly
{
    [Key(0)] public string Name { get; init; } = "";
    [Key(1)] public string Hash { get; init; } = "";
    [Key(2)] public long Size { get; init; }
}

/// <summary>
/// Shipped code carried by a Submit or Assign: the assemblies it needs (the first is the one that holds the code)
/// and, for a delegate, its method by module MVID and metadata token.
/// </summary>
[MessagePackObject]
public sealed class CodeReference
{
    [Key(0)] public IReadOnlyList<CodeAssembly> Assemblies { get; init; } = [];
    [Key(1)] public Guid ModuleMvid { get; init; }
    [Key(2)] public int MethodToken { get; init; }
}

/// <summary>Worker → manager → client (or worker → direct client): send these assemblies of task Id, by hash.</summary>
[MessagePackObject]
public sealed class NeedCode : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.NeedCode;

    [Key(0)] public long Id { get; init; }
    [Key(1)] public IReadOnlyList<string> Hashes { get; init; } = [];
}

/// <summary>Client → manager → worker: one assembly asked for by NeedCode, or the reason it cannot be sent.</summary>
[MessagePackObject]
public sealed class Code : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Code;

    [Key(0)] public long Id { get; init; }
    [Key(1)] public string Hash { get; init; } = "";
    [Key(2)] public ReadOnlyMemory<byte> Bytes { get; init; }
    [Key(3)] public string? Error { get; init; }
}
