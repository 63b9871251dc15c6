namespace Argon.MultiHostTests.Cluster;

/// <summary>
/// What a <see cref="ClientHost"/> submits: <paramref name="Calls"/> calls per pass of <paramref name="Task"/>
/// ("echo": Echo(id) returns id; "sleep": Sleep(ms) returns ms; "logged": LoggedRun logs its start in
/// <paramref name="LogDirectory"/> and returns id), ids from <paramref name="FirstId"/>, at most
/// <paramref name="Concurrency"/> in flight; with <paramref name="MillisecondsMax"/>, a call's milliseconds vary with its
/// id from <paramref name="Milliseconds"/> to that (Milliseconds + id mod the span); with <paramref name="Report"/> it
/// prints, at the end, what each manager saw of each worker (<see cref="ClientHost.Seen"/>); it stops submitting early once <paramref name="StopFile"/> exists.
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
    string? StopFile = null,
    int? MillisecondsMax = null,
    bool Report = false);
