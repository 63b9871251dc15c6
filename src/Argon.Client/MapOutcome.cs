using System.Runtime.ExceptionServices;

namespace Argon;

/// <summary>
/// How one item of <see cref="ArgonClient.MapOutcomesAsync{TItem, TResult}(IEnumerable{TItem}, Func{TItem, ITask{TResult}}, ArgonMapOptions?, CancellationToken)"/>
/// ended: its task's result, or the exception its call ended with (an <see cref="ArgonException"/> such as
/// <see cref="ArgonTaskException"/>, or what building or serializing its task threw).
/// </summary>
public sealed class MapOutcome<TItem, TResult>
{
    private readonly TResult _result;

    internal MapOutcome(long index, TItem item, TResult result, Exception? exception)
    {
        Index = index;
        Item = item;
        _result = result;
        Exception = exception;
    }

    /// <summary>The item's position in the sequence given, from 0.</summary>
    public long Index { get; }

    /// <summary>The item itself.</summary>
    public TItem Item { get; }

    /// <summary>True when the item's task returned a result.</summary>
    public bool IsSuccess => Exception is null;

    /// <summary>Why the item failed; null when it succeeded.</summary>
    public Exception? Exception { get; }

    /// <summary>The task's result. For an item that failed, throws its <see cref="Exception"/> (as awaiting its call would have).</summary>
    public TResult Result
    {
        get
        {
            if (Exception is not null)
            {
                ExceptionDispatchInfo.Throw(Exception);
            }

            return _result;
        }
    }

    /// <summary>The item's index and its result or error, for logs.</summary>
    public override string ToString() =>
        IsSuccess ? $"#{Index}: {_result}" : $"#{Index}: {Exception!.GetType().Name}: {Exception.Message}";
}
