namespace Argon.Protocol.Messages;

/// <summary>Outcome statuses by name: snake_case, as metric labels and span tags carry them.</summary>
public static class OutcomeNames
{
    /// <summary>The status's snake_case name ("succeeded", "timed_out", …; "unknown" for a value that is not defined).</summary>
    public static string Of(OutcomeStatus status) => status switch
    {
        OutcomeStatus.Succeeded => "succeeded",
        OutcomeStatus.Faulted => "faulted",
        OutcomeStatus.TimedOut => "timed_out",
        OutcomeStatus.Cancelled => "cancelled",
        OutcomeStatus.WorkerLost => "worker_lost",
        OutcomeStatus.Failed => "failed",
        OutcomeStatus.Revoked => "revoked",
        OutcomeStatus.Crashed => "crashed",
        OutcomeStatus.UnknownType => "unknown_type",
        _ => "unknown",
    };
}
