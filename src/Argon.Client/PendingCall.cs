using Argon.Protocol.Messages;

namespace Argon;

/// <summary>
/// A request waiting for its reply (Result or Deny, StatusReply, Heartbeat): its own completion source, and the
/// manager it was sent to (whose loss fails it, and to which its Cancel goes).
/// </summary>
internal sealed class PendingCall(ManagerSlot slot) : TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public ManagerSlot Slot { get; } = slot;

    public Task<Message> Reply => Task;

    public void Succeed(Message reply) => TrySetResult(reply);

    public void Fail(Exception error) => TrySetException(error);

    public void Cancel() => TrySetCanceled();
}
