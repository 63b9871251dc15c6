using Argon.Worker.Failover;

namespace Argon.Worker;

/// <summary>What the links of a worker serving several managers share: the executors' shares, and the orphans of lost managers.</summary>
internal sealed record SeveralManagers(CapacityShares Shares, OrphanTable Orphans);
