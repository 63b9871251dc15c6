namespace Argon.Client.Tests;

public sealed class ArgonExceptionTests
{
    public static TheoryData<ArgonException, bool> Exceptions() => new()
    {
        { new ArgonException("failed"), false },
        { new ArgonTaskException("System.InvalidOperationException", "boom", null, "worker-1"), false },
        { new ArgonRejectedException("queue full", 100, TimeSpan.FromMilliseconds(50)), true },
        { new ArgonAuthenticationException("wrong key"), false },
        { new ArgonConnectionException(ArgonConnectionErrorKind.Unreachable, "nothing at :8000"), true },
        { new ArgonConnectionException(ArgonConnectionErrorKind.Lost, "connection lost"), true },
        { new ArgonConnectionException(ArgonConnectionErrorKind.Protocol, "bad frame"), false },
        { new ArgonConnectionException(ArgonConnectionErrorKind.Closed, "disposed"), false },
        { new WorkerLostException("every worker was lost"), true },
        { new ArgonTimeoutException("took too long"), false },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void IsTransient_SaysWhetherRetryingMaySucceed(ArgonException error, bool transient)
    {
        Assert.Equal(transient, error.IsTransient);
    }

    [Fact]
    public void ArgonRejectedException_CarriesQueueDepthAndRetryHint()
    {
        var error = new ArgonRejectedException("queue full", 100, TimeSpan.FromMilliseconds(50));

        Assert.Equal(100, error.QueueDepth);
        Assert.Equal(TimeSpan.FromMilliseconds(50), error.RetryAfter);
    }

    [Fact]
    public void ArgonConnectionException_CarriesItsKindAndCause()
    {
        var cause = new IOException("reset");

        var error = new ArgonConnectionException(ArgonConnectionErrorKind.Lost, "lost", cause);

        Assert.Equal(ArgonConnectionErrorKind.Lost, error.Kind);
        Assert.Same(cause, error.InnerException);
    }

    [Fact]
    public void ArgonTaskException_NamesTheNodeAndTheRemoteError()
    {
        var error = new ArgonTaskException("System.DivideByZeroException", "Attempted to divide by zero.", "   at X.Run()", "worker-9");

        Assert.Equal("Task failed on worker-9 with System.DivideByZeroException: Attempted to divide by zero.", error.Message);
    }

    [Fact]
    public void ArgonTaskException_WhenNodeIsUnknown_SaysSo()
    {
        var error = new ArgonTaskException("System.Exception", "boom", null, null);

        Assert.Contains("an unknown node", error.Message, StringComparison.Ordinal);
    }
}
