using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>One assembly of shipped code: its simple name and the SHA-256 of its file, in lower-case hex.</summary>
[MessagePackObject]
public sealed class CodeAssembly
{
    /// <summary>The assembly's simple name.</summary>
    [Key(0)] public string Name { get; init; } = "";
    /// <summary>The SHA-256 of the assembly file, in lower-case hex.</summary>
    [Key(1)] public string Hash { get; init; } = "";
    /// <summary>The assembly file's size in bytes.</summary>
    [Key(2)] public long Size { get; init; }
}

/// <summary>
/// Shipped code carried by a Submit or Assign: the assemblies it needs (the first is the one that holds the code)
/// and, for a delegate, its method by module MVID and metadata token.
/// </summary>
[MessagePackObject]
public sealed class CodeReference
{
    /// <summary>The assemblies the code needs; the first holds the code itself.</summary>
    [Key(0)] public IReadOnlyList<CodeAssembly> Assemblies { get; init; } = [];
    /// <summary>For a delegate: the MVID of the module that holds its method.</summary>
    [Key(1)] public Guid ModuleMvid { get; init; }
    /// <summary>For a delegate: its method's metadata token in that module.</summary>
    [Key(2)] public int MethodToken { get; init; }
}

/// <summary>Worker → manager → client (or worker → direct client): send these assemblies of task Id, by hash.</summary>
[MessagePackObject]
public sealed class NeedCode : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.NeedCode;

    /// <summary>The task whose code is asked for.</summary>
    [Key(0)] public long Id { get; init; }
    /// <summary>The hashes of the assemblies wanted (<see cref="CodeAssembly.Hash"/>).</summary>
    [Key(1)] public IReadOnlyList<string> Hashes { get; init; } = [];
}

/// <summary>Client → manager → worker: one assembly asked for by NeedCode, or the reason it cannot be sent.</summary>
[MessagePackObject]
public sealed class Code : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Code;

    /// <summary>The task whose code this is.</summary>
    [Key(0)] public long Id { get; init; }
    /// <summary>The hash of the assembly sent (<see cref="CodeAssembly.Hash"/>).</summary>
    [Key(1)] public string Hash { get; init; } = "";
    /// <summary>The assembly file; empty when <see cref="Error"/> is set.</summary>
    [Key(2)] public ReadOnlyMemory<byte> Bytes { get; init; }
    /// <summary>Why the assembly cannot be sent; null when it is.</summary>
    [Key(3)] public string? Error { get; init; }
}
