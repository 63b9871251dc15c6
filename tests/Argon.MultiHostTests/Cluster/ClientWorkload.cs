namespace Argon.MultiHostTests.Cluster;

/// <summary>
/// What a <see cref="ClientHost"/> submits: <paramref name="Calls"/> calls per pass of <paramref name="Task"/>
/// ("echo": Echo(id) returns id; "sleep": Sleep(ms) returns ms; "logged": LoggedRun logs its start in
/// <paramref name="LogDirectory"/> and returns id), ids from <paramref name="FirstId"/>, at most
/// <paramref name="Concurrency"/> in flight; it stops submitting early once <paramref name="StopFile"/> exists.
/// </summary>
internal sealed record ClientWorkload(
    string Task,
    int Calls,
    int Concurrency,
    int FirstId = 0,
    int Milliseconds = 20,
    int Passes = 1,
    bool Retry = false,
    string? LogDirectory = null,
    string? StopFile = null);
