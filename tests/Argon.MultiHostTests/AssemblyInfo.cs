// The suite builds whole networks of real processes on a 2-core machine and measures how fast they recover; two
// tests at once would blur those bounds and double the namespaces to clean up. One test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
