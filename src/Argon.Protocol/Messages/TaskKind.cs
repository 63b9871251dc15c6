namespace Argon.Protocol.Messages;

/// <summary>How a task's payload is to be read on the executor.</summary>
public enum TaskKind : byte
{
    /// <summary>The payload is the serialized task object of type <c>TypeName</c>.</summary>
    Instance = 1,

    /// <summary>The payload is an array of constructor arguments for <c>TypeName</c>.</summary>
    ByName = 2,

    /// <summary>Shipped code: the payload is a delegate's closure and arguments; the Submit's Code names its method.</summary>
    Delegate = 3,
}
