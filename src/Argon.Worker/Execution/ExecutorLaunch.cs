namespace Argon.Worker.Execution;

/// <summary>How to start `argon executor`: the program and the arguments that come before the command's own.</summary>
public sealed record ExecutorLaunch(string FileName, IReadOnlyList<string> Arguments);
