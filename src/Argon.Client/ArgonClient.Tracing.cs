using System.Diagnostics;
using Argon.Protocol.Diagnostics;
using Argon.Protocol.Messages;

namespace Argon;

public sealed partial class ArgonClient
{
    /// <summary>
    /// A call with a listener on the "Argon" source: the call runs inside a client span, whose id its Submits carry
    /// as their traceparent, and the span ends with the call's outcome (or the exception that ended it).
    /// </summary>
    private async Task<TaskOutcome> TracedCallAsync(
        string typeName, TaskKind kind, byte[] payload, ArgonCallOptions? options, bool flowControlled, CodeReference? code,
        CancellationToken cancellationToken)
    {
        using var activity = ArgonActivity.Source.StartActivity(ArgonActivity.ClientCall, ActivityKind.Client);
        activity?.SetTag(ArgonActivity.TaskTypeTag, typeName);
        try
        {
            var outcome = await UntracedCallAsync(typeName, kind, payload, options, flowControlled, code, cancellationToken).ConfigureAwait(false);
            if (activity is not null)
            {
                ArgonActivity.SetOutcome(activity, outcome);
            }

            return outcome;
        }
        catch (Exception ex) when (activity is not null)
        {
            ArgonActivity.SetError(activity, ex);
            throw;
        }
    }
}
