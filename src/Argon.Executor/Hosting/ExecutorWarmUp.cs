using System.Buffers;
using Argon.Protocol.Messages;

namespace Argon.Executor.Hosting;

/// <summary>
/// Runs one built-in task through the path every task takes (an Assign decoded, the task rebuilt by the task
/// serializer, run, its result serialized, a Complete encoded) before the executor says it is ready. Executors
/// compile each method once, fully optimised, on first use: without this, the first task a new executor runs pays
/// for it inside its own timeout (0.5 to 1 s on a loaded machine).
/// </summary>
internal static class ExecutorWarmUp
{
    public static async Task RunAsync()
    {
        var assign = RoundTrip(new Assign
        {
            Id = 1,
            TypeName = typeof(WarmUpTask).FullName!,
            Kind = TaskKind.Instance,
            Payload = TaskSerializer.Serialize(typeof(WarmUpTask), new WarmUpTask(1)),
        });
        var taskType = TaskType.TryCreate(typeof(WarmUpTask))!;
        var task = TaskSerializer.Deserialize(taskType.Type, assign.Payload)!;
        var result = await taskType.RunAsync(task, CancellationToken.None).ConfigureAwait(false);
        RoundTrip(new Complete
        {
            Id = assign.Id,
            Outcome = new TaskOutcome { Status = OutcomeStatus.Succeeded, Payload = TaskSerializer.Serialize(taskType.ResultType, result), ResultType = taskType.ResultType.FullName },
        });
    }

    private static T RoundTrip<T>(T message)
        where T : Message
    {
        var buffer = new ArrayBufferWriter<byte>();
        MessageCodec.Write(buffer, message);
        return (T)MessageCodec.Read(message.Type, new ReadOnlySequence<byte>(buffer.WrittenMemory));
    }
}

/// <summary>The built-in task <see cref="ExecutorWarmUp"/> runs; public only because the task serializer needs it to be.</summary>
public sealed record WarmUpTask(int Value) : IAsyncTask<int>
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        return Value + 1;
    }
}
