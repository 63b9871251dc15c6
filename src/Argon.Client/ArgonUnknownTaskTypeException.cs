namespace Argon;

/// <summary>
/// The worker has no task class of the type named: it is not a public <c>ITask&lt;T&gt;</c> or <c>IAsyncTask&lt;T&gt;</c>
/// class in an assembly the worker loaded (<c>--load</c>), nor in the shipped code. Trying again does not help until
/// the worker loads it.
/// </summary>
public sealed class ArgonUnknownTaskTypeException : ArgonException
{
    /// <summary>Creates the exception for <paramref name="typeName"/>, unknown on <paramref name="node"/>.</summary>
    public ArgonUnknownTaskTypeException(string message, string typeName, string? node)
        : base(message)
    {
        TypeName = typeName;
        Node = node;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ArgonUnknownTaskTypeException()
        : this("Unknown task type.", "", null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ArgonUnknownTaskTypeException(string message)
        : this(message, "", null)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public ArgonUnknownTaskTypeException(string message, Exception? innerException)
        : base(message, innerException)
    {
        TypeName = "";
    }

    /// <summary>The task type name that could not be resolved.</summary>
    public string TypeName { get; }

    /// <summary>The node (executor) that looked for it.</summary>
    public string? Node { get; }
}
