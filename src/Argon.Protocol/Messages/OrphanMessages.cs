using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>
/// Worker → manager, from a worker serving several managers: calls it is still running (or has finished) for a
/// manager it lost, named by their call ids (<see cref="Held"/>), and calls it said it held but that never started
/// and are given up (<see cref="Released"/>). A manager that gets a resubmission of a held call attaches it
/// (<see cref="Attach"/>) instead of running it again; a released one it queues at once.
/// </summary>
[MessagePackObject]
public sealed class Orphans : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Orphans;

    /// <summary>Calls the worker holds, running or finished, by call id.</summary>
    [Key(0)] public Guid[] Held { get; init; } = [];
    /// <summary>Calls it said it held that never started and are given up, by call id.</summary>
    [Key(1)] public Guid[] Released { get; init; } = [];
}

/// <summary>
/// Manager → worker: task <see cref="Id"/> (the manager's) is the call the worker holds as <see cref="CallId"/>;
/// answer with a Complete for that id when its execution ends (at once if it has), or Revoked if it is not held
/// (or turned out never to have started). Cancel and Revoke of <see cref="Id"/> then apply to that execution.
/// </summary>
[MessagePackObject]
public sealed class Attach : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Attach;

    /// <summary>The manager's task id for the resubmitted call.</summary>
    [Key(0)] public long Id { get; init; }
    /// <summary>The call id the worker holds the call as.</summary>
    [Key(1)] public Guid CallId { get; init; }
}
