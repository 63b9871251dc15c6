namespace Argon;

/// <summary>The base of every failure Argon reports to a caller.</summary>
public class ArgonException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public ArgonException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public ArgonException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ArgonException()
    {
    }

    /// <summary>True when trying the same call again later may succeed (no capacity, connection lost, worker lost).</summary>
    public virtual bool IsTransient => false;
}

/// <summary>The task itself threw on the executor. Carries the remote exception's type, message and stack trace.</summary>
public sealed class ArgonTaskException : ArgonException
{
    /// <summary>Creates the exception for a task that threw <paramref name="remoteType"/> with <paramref name="remoteMessage"/> on <paramref name="node"/>.</summary>
    public ArgonTaskException(string remoteType, string remoteMessage, string? remoteStackTrace, string? node)
        : base($"Task failed on {node ?? "an unknown node"} with {remoteType}: {remoteMessage}")
    {
        RemoteType = remoteType;
        RemoteMessage = remoteMessage;
        RemoteStackTrace = remoteStackTrace;
        Node = node;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ArgonTaskException()
        : this("", "", null, null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ArgonTaskException(string message)
        : this("", message, null, null)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public ArgonTaskException(string message, Exception? innerException)
        : base(message, innerException)
    {
        RemoteType = "";
        RemoteMessage = message;
    }

    /// <summary>The full name of the exception type thrown by the task.</summary>
    public string RemoteType { get; }

    /// <summary>The message of the exception thrown by the task.</summary>
    public string RemoteMessage { get; }

    /// <summary>The stack trace on the executor, if it had one.</summary>
    public string? RemoteStackTrace { get; }

    /// <summary>The node (worker) that ran the task.</summary>
    public string? Node { get; }
}

/// <summary>The cluster had no room for the task and <see cref="ArgonClientOptions.Retry"/> is off.</summary>
public sealed class ArgonRejectedException : ArgonException
{
    /// <summary>Creates the exception with the manager's queue depth and its hint for when to try again.</summary>
    public ArgonRejectedException(string message, int queueDepth, TimeSpan retryAfter)
        : base(message)
    {
        QueueDepth = queueDepth;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ArgonRejectedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ArgonRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public ArgonRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How many tasks were queued on the manager when it refused.</summary>
    public int QueueDepth { get; }

    /// <summary>The manager's hint for when to try again.</summary>
    public TimeSpan RetryAfter { get; }

    /// <inheritdoc/>
    public override bool IsTransient => true;
}

/// <summary>The peer does not hold the same key file, or the key file cannot be read.</summary>
public sealed class ArgonAuthenticationException : ArgonException
{
    /// <summary>Creates the exception with a message.</summary>
    public ArgonAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public ArgonAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ArgonAuthenticationException()
    {
    }
}

/// <summary>What went wrong with a connection.</summary>
public enum ArgonConnectionErrorKind
{
    /// <summary>Nothing answered at the address.</summary>
    Unreachable,

    /// <summary>The connection was lost before the task's outcome arrived.</summary>
    Lost,

    /// <summary>The peer broke the protocol or the TLS handshake failed.</summary>
    Protocol,

    /// <summary>The client was disposed.</summary>
    Closed,
}

/// <summary>The connection failed or was lost before the outcome arrived.</summary>
public sealed class ArgonConnectionException : ArgonException
{
    /// <summary>Creates the exception for a connection failure of <paramref name="kind"/>.</summary>
    public ArgonConnectionException(ArgonConnectionErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ArgonConnectionException()
        : this(ArgonConnectionErrorKind.Lost, "The connection was lost.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ArgonConnectionException(string message)
        : this(ArgonConnectionErrorKind.Lost, message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public ArgonConnectionException(string message, Exception? innerException)
        : this(ArgonConnectionErrorKind.Lost, message, innerException)
    {
    }

    /// <summary>What went wrong with the connection.</summary>
    public ArgonConnectionErrorKind Kind { get; }

    /// <inheritdoc/>
    public override bool IsTransient => Kind is ArgonConnectionErrorKind.Unreachable or ArgonConnectionErrorKind.Lost;
}

/// <summary>Every attempt's worker was lost before its outcome came back (the task may have run on it, even to the end).</summary>
public sealed class WorkerLostException : ArgonException
{
    /// <summary>Creates the exception with a message.</summary>
    public WorkerLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public WorkerLostException()
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public WorkerLostException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc/>
    public override bool IsTransient => true;
}

/// <summary>The task outlived its timeout.</summary>
public sealed class ArgonTimeoutException : ArgonException
{
    /// <summary>Creates the exception with a message.</summary>
    public ArgonTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ArgonTimeoutException()
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public ArgonTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A delegate given to ProcessAsync cannot be shipped: a captured variable (or an argument) is not a value that can
/// travel (a socket, a stream, a task, a delegate, an object with private state…), or the delegate is not shippable
/// code. Thrown at the client before anything is sent.
/// </summary>
public sealed class ArgonClosureException : ArgonException
{
    /// <summary>Creates the exception for the captured value at <paramref name="capturedField"/>, of type <paramref name="capturedType"/>.</summary>
    public ArgonClosureException(string message, string? capturedField, string? capturedType, Exception? innerException = null)
        : base(message, innerException)
    {
        CapturedField = capturedField;
        CapturedType = capturedType;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ArgonClosureException()
        : this("The delegate cannot be shipped.", null, null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ArgonClosureException(string message)
        : this(message, null, null)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public ArgonClosureException(string message, Exception? innerException)
        : this(message, null, null, innerException)
    {
    }

    /// <summary>The captured variable (or argument) that cannot travel, as a path: "socket", "this._stream", "argument 1 (x)".</summary>
    public string? CapturedField { get; }

    /// <summary>The full name of its type.</summary>
    public string? CapturedType { get; }
}
