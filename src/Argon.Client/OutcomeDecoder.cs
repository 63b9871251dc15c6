using Argon.Protocol.Messages;
using MessagePack;

namespace Argon;

/// <summary>Turns an outcome into the caller's result, or into the exception the contract names.</summary>
internal static class OutcomeDecoder
{
    /// <summary>Result types a by-name call returns as themselves; anything else comes back as maps, arrays and primitives.</summary>
    private static readonly Dictionary<string, Type> KnownResultTypes = new Type[]
    {
        typeof(bool), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint),
        typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal), typeof(char), typeof(string),
        typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid), typeof(byte[]),
        typeof(int[]), typeof(long[]), typeof(double[]), typeof(string[]),
    }.ToDictionary(t => t.FullName!, StringComparer.Ordinal);

    public static T Decode<T>(TaskOutcome outcome, string typeName)
    {
        ThrowIfFailed(outcome, typeName);
        try
        {
            return MessagePackSerializer.Deserialize<T>(outcome.Payload, TaskSerializer.Options);
        }
        catch (MessagePackSerializationException ex)
        {
            throw new ArgonException($"The result of {typeName} ({outcome.ResultType}) could not be read as {typeof(T).FullName}: {ex.Message}", ex);
        }
    }

    public static object? DecodeUntyped(TaskOutcome outcome, string typeName)
    {
        ThrowIfFailed(outcome, typeName);
        try
        {
            return outcome.ResultType is { } name && KnownResultTypes.TryGetValue(name, out var type)
                ? TaskSerializer.Deserialize(type, outcome.Payload)
                : MessagePackSerializer.Deserialize<object?>(outcome.Payload, MessageCodec.Options);
        }
        catch (MessagePackSerializationException ex)
        {
            throw new ArgonException($"The result of {typeName} ({outcome.ResultType}) could not be read: {ex.Message}", ex);
        }
    }

    private static void ThrowIfFailed(TaskOutcome outcome, string typeName)
    {
        var message = outcome.ErrorMessage ?? "no details";
        switch (outcome.Status)
        {
            case OutcomeStatus.Succeeded:
                return;
            case OutcomeStatus.Faulted:
                throw new ArgonTaskException(outcome.ErrorType ?? "System.Exception", message, outcome.ErrorStackTrace, outcome.Node);
            case OutcomeStatus.TimedOut:
                throw new ArgonTimeoutException($"{typeName} timed out on {outcome.Node ?? "the cluster"}: {message}");
            case OutcomeStatus.WorkerLost:
                throw new WorkerLostException($"The outcome of {typeName} was lost with its worker (the task may have run, or even finished): {message}");
            case OutcomeStatus.Crashed:
                throw new ArgonTaskCrashedException(
                    outcome.ErrorMessage ?? $"{typeName} crashed its executor process ({outcome.ExitDescription ?? "no details"})",
                    outcome.Node, outcome.Attempts, outcome.ExitDescription);
            case OutcomeStatus.UnknownType:
                throw new ArgonUnknownTaskTypeException(outcome.ErrorMessage ?? $"Unknown task type '{typeName}'", typeName, outcome.Node);
            case OutcomeStatus.Cancelled:
                throw new ArgonException($"{typeName} was cancelled by the cluster: {message}");
            default:
                throw new ArgonException($"The cluster could not run {typeName}: {message}");
        }
    }
}
