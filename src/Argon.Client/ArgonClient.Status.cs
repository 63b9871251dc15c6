using System.Diagnostics;
using Argon.Protocol.Messages;

namespace Argon;

public sealed partial class ArgonClient
{
    /// <summary>Asks the manager for its workers, capacity, queue and counters.</summary>
    public async Task<ArgonClusterStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var reply = (StatusReply)await RequestAsync(id => new StatusRequest { Id = id }, cancellationToken).ConfigureAwait(false);
        return ArgonClusterStatus.From(reply);
    }

    /// <summary>Measures one round trip to the manager.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await RequestAsync(id => new Heartbeat { Timestamp = id }, cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }

    private async Task<Message> RequestAsync(Func<long, Message> request, CancellationToken cancellationToken)
    {
        await WaitForLinkAsync(cancellationToken).ConfigureAwait(false);
        var (id, call) = Register();
        Send(id, request(id));
        using var registration = cancellationToken.Register(() =>
        {
            if (_pending.TryRemove(id, out var pending))
            {
                pending.Cancel();
            }
        });
        return await call.Reply.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
