namespace Argon;

/// <summary>
/// Whether a call whose connection was lost with it in flight is submitted again (it may then run twice).
/// One manager: with Reconnect and Retry on, on the next connection, for as long as the call lasts (its timeout or
/// cancellation end it). Several managers: with Retry on, on another manager (or the same one come back), while the
/// submissions lost with their manager are fewer than the call's attempts (<see cref="ArgonCallOptions.MaxAttempts"/>,
/// counted the way a manager counts runs lost with their worker).
/// </summary>
internal static class FailoverRule
{
    /// <param name="several">The client has several managers.</param>
    /// <param name="retry">ArgonClientOptions.Retry.</param>
    /// <param name="reconnect">ArgonClientOptions.Reconnect.</param>
    /// <param name="lost">Submissions of this call lost with their manager so far, this one included.</param>
    /// <param name="maxAttempts">The call's attempts (at least 1).</param>
    public static bool Resubmits(bool several, bool retry, bool reconnect, int lost, int maxAttempts) =>
        several ? retry && lost < maxAttempts : retry && reconnect;
}
