using System.Diagnostics;
using Argon.Protocol.Messages;

namespace Argon;

public sealed partial class ArgonClient
{
    /// <summary>
    /// Asks the manager for its workers, capacity, queue and counters. With several managers, asks the first one (in
    /// the order of <see cref="ArgonClientOptions.Managers"/>) that takes calls now: each manager keeps its own queue
    /// and workers, so the answer is that manager's view, named by <see cref="ArgonClusterStatus.Node"/>.
    /// </summary>
    public async Task<ArgonClusterStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var reply = (StatusReply)await RequestAsync(id => new StatusRequest { Id = id }, cancellationToken).ConfigureAwait(false);
        return ArgonClusterStatus.From(reply);
    }

    /// <summary>Measures one round trip to the manager (with several, to the one <see cref="GetStatusAsync"/> would ask).</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await RequestAsync(id => new Heartbeat { Timestamp = id }, cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }

    private async Task<Message> RequestAsync(Func<long, Message> request, CancellationToken cancellationToken)
    {
        var slot = await ChooseForRequestAsync(cancellationToken).ConfigureAwait(false);
        var (id, call) = Register(slot);
        Send(slot, id, request(id));
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
