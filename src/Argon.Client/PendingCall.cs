using Argon.Protocol.Messages;

namespace Argon;

/// <summary>A request waiting for its reply (Result or Deny, StatusReply, Heartbeat).</summary>
internal sealed class PendingCall
{
    private readonly TaskCompletionSource<Message> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<Message> Reply => _reply.Task;

    public void Succeed(Message reply) => _reply.TrySetResult(reply);

    public void Fail(Exception error) => _reply.TrySetException(error);

    public void Cancel() => _reply.TrySetCanceled();
}
