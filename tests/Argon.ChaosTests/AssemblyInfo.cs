// The suite kills, freezes and cuts off real processes and measures how fast the cluster recovers; on a 2-core
// machine, anything else running in parallel would only blur those bounds. One test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
