using Argon.Protocol.Messages;

namespace Argon.Hosting;

/// <summary>Outcome statuses as metric label values (snake_case, as Prometheus label values usually are), for manager and worker alike.</summary>
public static class OutcomeLabels
{
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
