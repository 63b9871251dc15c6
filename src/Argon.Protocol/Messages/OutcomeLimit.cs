using System.Globalization;
using System.Text;

namespace Argon.Protocol.Messages;

/// <summary>
/// Keeps a task's outcome inside the frame limit of the peer it goes to: a peer closes a connection that sends it
/// an oversized frame (losing every task on it), so an oversized result becomes that task's failure instead.
/// </summary>
public static class OutcomeLimit
{
    /// <summary>Room left in a frame for the message's other fields, so a Complete that fits is also a Result that fits.</summary>
    public const int Margin = 4096;

    /// <summary>
    /// The outcome, or a failure naming its size and the limit when it would not fit in a frame of
    /// <paramref name="maxFrameSize"/> bytes. <paramref name="receiver"/> names who accepts that much ("the manager").
    /// </summary>
    public static TaskOutcome Fit(TaskOutcome outcome, int maxFrameSize, string receiver)
    {
        var budget = (long)maxFrameSize - Margin;
        var quick = outcome.Payload.Length + 3L * (Length(outcome.ResultType) + Length(outcome.ErrorType) + Length(outcome.ErrorMessage)
            + Length(outcome.ErrorStackTrace) + Length(outcome.Node) + Length(outcome.ExitDescription));
        if (quick <= budget)
        {
            return outcome;
        }

        var size = outcome.Payload.Length + Utf8(outcome.ResultType) + Utf8(outcome.ErrorType) + Utf8(outcome.ErrorMessage)
            + Utf8(outcome.ErrorStackTrace) + Utf8(outcome.Node) + Utf8(outcome.ExitDescription);
        if (size <= budget)
        {
            return outcome;
        }

        var what = outcome.Status == OutcomeStatus.Succeeded ? "result" : "error";
        return TaskOutcome.Failure(OutcomeStatus.Failed, string.Create(CultureInfo.InvariantCulture,
            $"the task's {what} is {size:N0} bytes; {receiver} accepts frames up to {maxFrameSize:N0} bytes"), outcome.Node);
    }

    private static long Length(string? text) => text?.Length ?? 0;

    private static long Utf8(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}
