using Argon.Manager.Peers;
using Argon.Protocol.Messages;

namespace Argon.Manager.Scheduling;

internal sealed partial class Dispatcher
{
    /// <summary>What the workers report of the other managers they serve (not scheduling state: it has its own lock).</summary>
    private readonly PeerReports _peers = new();

    /// <summary>A worker serving several managers reported which of the others it reaches; it replaces its last report.</summary>
    public void PeersReported(WorkerTracker worker, PeerReport report) => _peers.Report(worker.Sequence, report.Peers, Environment.TickCount64);
}
