namespace Argon;

/// <summary>Options for <see cref="ArgonClient.MapAsync{TItem, TResult}(IEnumerable{TItem}, Func{TItem, ITask{TResult}}, ArgonMapOptions?, CancellationToken)"/>.</summary>
public sealed record ArgonMapOptions
{
    /// <summary>The default options.</summary>
    public static ArgonMapOptions Default { get; } = new();

    /// <summary>The most tasks in flight at once; the manager's credit may hold it lower.</summary>
    public int MaxInFlight { get; init; } = 256;

    /// <summary>Yield results in the order of the items rather than as they complete.</summary>
    public bool Ordered { get; init; }

    /// <summary>Options for each task's call.</summary>
    public ArgonCallOptions CallOptions { get; init; } = ArgonCallOptions.Default;
}
