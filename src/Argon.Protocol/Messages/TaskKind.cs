namespace Argon.Protocol.Messages;

/// <summary>How a task's payload is to be read on the executor.</summary>
public enum TaskKind : byte
{
    /// <summary>The payload is the serialized task object of type <c>TypeName</c>.</summary>
    Instance = 1,

    /// <summary>The payload is an array of constructor arguments for <c>TypeName</c>.</summary>
    ByName = 2,
}
