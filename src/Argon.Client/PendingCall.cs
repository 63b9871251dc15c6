using Argon.Protocol.Messages;

namespace Argon;

/// <summary>A request waiting for its reply (Result or Deny, StatusReply, Heartbeat): its own completion source.</summary>
internal sealed class PendingCall() : TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public Task<Message> Reply => Task;

    public void Succeed(Message reply) => TrySetResult(reply);

    public void Fail(Exception error) => TrySetException(error);

    public void Cancel() => TrySetCanceled();
}
