namespace Argon.Protocol.Transport;

/// <summary>
/// How often a connection proves it is alive, and how long a silent peer is given before the connection is
/// closed as dead. Catches what TCP does not report: a frozen process, a cut cable, dropped packets.
/// </summary>
public sealed record HeartbeatSettings(TimeSpan Interval, TimeSpan Timeout)
{
    /// <summary>A keep-alive every second; a peer silent for 5 s is dead.</summary>
    public static HeartbeatSettings Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

    /// <exception cref="ArgumentException">The interval is not positive or the timeout is not above it.</exception>
    public void Validate()
    {
        if (Interval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The heartbeat interval must be positive, not {Interval}.");
        }

        if (Timeout <= Interval)
        {
            throw new ArgumentException($"The heartbeat timeout ({Timeout}) must be longer than the interval ({Interval}).");
        }
    }
}
