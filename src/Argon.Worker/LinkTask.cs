namespace Argon.Worker;

/// <summary>
/// One task a manager link holds: its call id (when its client gave one), the sources that cancel it and take it
/// back, and who gets its outcome. Exactly one of the two ends wins: the task finishes for its session
/// (<see cref="TryFinish"/>, its Complete is sent) or the session ends first and the task is orphaned
/// (<see cref="TryOrphan"/>, its outcome goes to the orphan table).
/// </summary>
internal sealed class LinkTask(Guid? callId, CancellationTokenSource cancellation, CancellationTokenSource revocation)
{
    private const int Holding = 0;
    private const int Finished = 1;
    private const int Orphaned = 2;

    private int _state;

    public Guid? CallId { get; } = callId;

    public CancellationTokenSource Cancellation { get; } = cancellation;

    public CancellationTokenSource Revocation { get; } = revocation;

    /// <summary>The outcome is the session's to send; false if the task was orphaned first.</summary>
    public bool TryFinish() => Interlocked.CompareExchange(ref _state, Finished, Holding) == Holding;

    /// <summary>The session ended before the task did: its outcome is the orphan table's; false if it had finished first.</summary>
    public bool TryOrphan() => Interlocked.CompareExchange(ref _state, Orphaned, Holding) == Holding;
}
