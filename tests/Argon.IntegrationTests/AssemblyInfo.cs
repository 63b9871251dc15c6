// Every test starts real processes and some assert on elapsed time; on a 2-core machine, clusters started in
// parallel would compete for the CPU (each process derives the key with a deliberately slow KDF) and make those
// timings flaky. The suite runs one test at a time and still finishes in well under a minute.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
