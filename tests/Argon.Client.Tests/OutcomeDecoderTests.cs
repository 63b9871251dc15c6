using Argon.Protocol.Messages;

namespace Argon.Client.Tests;

public sealed class OutcomeDecoderTests
{
    private const string TypeName = "MyTasks.Add";

    [Fact]
    public void Decode_WhenSucceeded_ReturnsTheResult()
    {
        var outcome = Succeeded(typeof(int), 11);

        Assert.Equal(11, OutcomeDecoder.Decode<int>(outcome, TypeName));
    }

    [Fact]
    public void Decode_WhenSucceededWithACollection_ReturnsIt()
    {
        var outcome = Succeeded(typeof(Dictionary<int, int>), new Dictionary<int, int> { [1] = 2, [3] = 4 });

        Assert.Equal(new Dictionary<int, int> { [1] = 2, [3] = 4 }, OutcomeDecoder.Decode<Dictionary<int, int>>(outcome, TypeName));
    }

    [Fact]
    public void Decode_WhenFaulted_ThrowsTaskExceptionWithTheRemoteError()
    {
        var outcome = new TaskOutcome
        {
            Status = OutcomeStatus.Faulted,
            ErrorType = "System.InvalidOperationException",
            ErrorMessage = "boom",
            ErrorStackTrace = "   at MyTasks.Add.Run()",
            Node = "worker-3",
        };

        var error = Assert.Throws<ArgonTaskException>(() => OutcomeDecoder.Decode<int>(outcome, TypeName));

        Assert.Equal("System.InvalidOperationException", error.RemoteType);
        Assert.Equal("boom", error.RemoteMessage);
        Assert.Equal("   at MyTasks.Add.Run()", error.RemoteStackTrace);
        Assert.Equal("worker-3", error.Node);
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
        Assert.Contains("worker-3", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void Decode_WhenFaultedWithoutDetails_StillThrowsTaskException()
    {
        var error = Assert.Throws<ArgonTaskException>(() => OutcomeDecoder.Decode<int>(new TaskOutcome { Status = OutcomeStatus.Faulted }, TypeName));

        Assert.Equal("System.Exception", error.RemoteType);
        Assert.Null(error.Node);
    }

    [Fact]
    public void Decode_WhenTimedOut_ThrowsTimeoutException()
    {
        var outcome = TaskOutcome.Failure(OutcomeStatus.TimedOut, "ran for 30 s", "worker-3");

        var error = Assert.Throws<ArgonTimeoutException>(() => OutcomeDecoder.Decode<int>(outcome, TypeName));

        Assert.Contains(TypeName, error.Message, StringComparison.Ordinal);
        Assert.Contains("ran for 30 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_WhenWorkerLost_ThrowsWorkerLostException()
    {
        var outcome = TaskOutcome.Failure(OutcomeStatus.WorkerLost, "2 attempts, every worker was lost");

        var error = Assert.Throws<WorkerLostException>(() => OutcomeDecoder.Decode<int>(outcome, TypeName));

        Assert.Contains(TypeName, error.Message, StringComparison.Ordinal);
        Assert.Contains("every worker was lost", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public void Decode_WhenFailed_ThrowsArgonExceptionWithTheMessage()
    {
        var outcome = TaskOutcome.Failure(OutcomeStatus.Failed, "Could not rebuild a MyTasks.Add from its payload");

        var error = Assert.Throws<ArgonException>(() => OutcomeDecoder.Decode<int>(outcome, TypeName));

        Assert.Contains("Could not rebuild a MyTasks.Add", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_WhenUnknownType_ThrowsUnknownTaskTypeExceptionNamingTheType()
    {
        var outcome = TaskOutcome.Failure(OutcomeStatus.UnknownType, "Unknown task type 'MyTasks.Add' on node w/executor-1: start the worker with --load", "w/executor-1");

        var error = Assert.Throws<ArgonUnknownTaskTypeException>(() => OutcomeDecoder.Decode<int>(outcome, TypeName));

        Assert.Equal(TypeName, error.TypeName);
        Assert.Equal("w/executor-1", error.Node);
        Assert.Contains("Unknown task type 'MyTasks.Add'", error.Message, StringComparison.Ordinal);
        Assert.Contains("--load", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void Decode_WhenCrashed_ThrowsTaskCrashedExceptionWithNodeAttemptsAndExit()
    {
        var outcome = new TaskOutcome
        {
            Status = OutcomeStatus.Crashed,
            ErrorMessage = "MyTasks.Add crashed its executor on 2 attempts and is not tried again (a poison task). Last: stack overflow; exit code 134",
            Node = "w/executor-2",
            Attempts = 2,
            ExitDescription = "stack overflow; exit code 134",
        };

        var error = Assert.Throws<ArgonTaskCrashedException>(() => OutcomeDecoder.Decode<int>(outcome, TypeName));

        Assert.Equal("w/executor-2", error.Node);
        Assert.Equal(2, error.Attempts);
        Assert.Equal("stack overflow; exit code 134", error.ExitDescription);
        Assert.Contains("poison task", error.Message, StringComparison.Ordinal);
        Assert.Contains(TypeName, error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void Decode_WhenCrashedWithoutAMessage_NamesTheTypeAndTheExit()
    {
        var outcome = new TaskOutcome { Status = OutcomeStatus.Crashed, Attempts = 1, ExitDescription = "exit code 139 (signal SIGSEGV)" };

        var error = Assert.Throws<ArgonTaskCrashedException>(() => OutcomeDecoder.Decode<int>(outcome, TypeName));

        Assert.Contains(TypeName, error.Message, StringComparison.Ordinal);
        Assert.Contains("SIGSEGV", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_WhenWorkerLost_SaysTheOutcomeWasLost_NotThatTheTaskDidNotFinish()
    {
        var outcome = TaskOutcome.Failure(OutcomeStatus.WorkerLost, "worker w was lost (the peer closed the connection) after 1 attempt(s)");

        var error = Assert.Throws<WorkerLostException>(() => OutcomeDecoder.Decode<int>(outcome, TypeName));

        Assert.DoesNotContain("did not finish", error.Message, StringComparison.Ordinal);
        Assert.Contains($"The outcome of {TypeName} was lost with its worker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_WhenCancelled_ThrowsArgonException()
    {
        var outcome = TaskOutcome.Failure(OutcomeStatus.Cancelled, "the manager is shutting down");

        var error = Assert.Throws<ArgonException>(() => OutcomeDecoder.Decode<int>(outcome, TypeName));

        Assert.Contains("the manager is shutting down", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OutcomeStatus.Faulted, typeof(ArgonTaskException))]
    [InlineData(OutcomeStatus.TimedOut, typeof(ArgonTimeoutException))]
    [InlineData(OutcomeStatus.WorkerLost, typeof(WorkerLostException))]
    [InlineData(OutcomeStatus.Failed, typeof(ArgonException))]
    [InlineData(OutcomeStatus.Crashed, typeof(ArgonTaskCrashedException))]
    [InlineData(OutcomeStatus.UnknownType, typeof(ArgonUnknownTaskTypeException))]
    public void DecodeUntyped_ThrowsLikeDecode(OutcomeStatus status, Type expected)
    {
        var outcome = TaskOutcome.Failure(status, "details");

        var error = Assert.ThrowsAny<ArgonException>(() => OutcomeDecoder.DecodeUntyped(outcome, TypeName));

        Assert.Equal(expected, error.GetType());
    }

    [Fact]
    public void DecodeUntyped_WhenResultTypeIsInt32_ReturnsABoxedInt()
    {
        // 11 travels as a one-byte MessagePack integer; the declared result type brings back an int.
        var result = OutcomeDecoder.DecodeUntyped(Succeeded(typeof(int), 11), TypeName);

        Assert.IsType<int>(result);
        Assert.Equal(11, result);
    }

    [Fact]
    public void DecodeUntyped_WhenResultTypeIsKnown_ReturnsThatType()
    {
        Assert.IsType<long>(OutcomeDecoder.DecodeUntyped(Succeeded(typeof(long), 5L), TypeName));
        Assert.Equal("text", OutcomeDecoder.DecodeUntyped(Succeeded(typeof(string), "text"), TypeName));
        Assert.Equal(2.5, OutcomeDecoder.DecodeUntyped(Succeeded(typeof(double), 2.5), TypeName));
        Assert.Equal([1, 2, 3], Assert.IsType<int[]>(OutcomeDecoder.DecodeUntyped(Succeeded(typeof(int[]), new[] { 1, 2, 3 }), TypeName)));
    }

    [Fact]
    public void DecodeUntyped_WhenResultTypeIsNotKnown_ReturnsPlainData()
    {
        var result = OutcomeDecoder.DecodeUntyped(Succeeded(typeof(Dictionary<int, int>), new Dictionary<int, int> { [1] = 2 }), TypeName);

        var map = Assert.IsAssignableFrom<IDictionary<object, object>>(result);
        Assert.Equal(2, Convert.ToInt32(map[(byte)1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DecodeUntyped_WhenResultIsNull_ReturnsNull()
    {
        Assert.Null(OutcomeDecoder.DecodeUntyped(Succeeded(typeof(string), null), TypeName));
    }

    private static TaskOutcome Succeeded(Type type, object? value) => new()
    {
        Status = OutcomeStatus.Succeeded,
        Payload = TaskSerializer.Serialize(type, value),
        ResultType = type.FullName,
        Node = "worker-1",
    };
}
