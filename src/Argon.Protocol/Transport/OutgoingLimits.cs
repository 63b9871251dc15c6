namespace Argon.Protocol.Transport;

/// <summary>
/// How much a connection lets pile up for a peer that does not read what it is sent. Past the pause mark the
/// connection stops reading from the peer (so the peer cannot make it produce more) until the queue falls under
/// half the mark; a peer that takes nothing for <see cref="StuckAfter"/> while reading is paused is cut off, and
/// a queue past the close mark is cut off at once. Sizes are approximate: a frame counts its payload plus
/// <see cref="FrameOverhead"/> bytes.
/// </summary>
public sealed record OutgoingLimits(int PauseAtFrames, long PauseAtBytes, TimeSpan StuckAfter)
{
    /// <summary>What a queued frame counts on top of its payload (the message object and its encoding).</summary>
    public const int FrameOverhead = 256;

    /// <summary>How many times the pause mark the queue may reach, while reading is paused, before the connection is cut off.</summary>
    public const int CloseFactor = 16;

    /// <summary>Pause at 4,096 frames or 32 MiB queued; a peer that takes nothing for 30 s is cut off.</summary>
    public static OutgoingLimits Default { get; } = new(4096, 32L * 1024 * 1024, TimeSpan.FromSeconds(30));

    /// <summary>The frames under which reading resumes.</summary>
    public int ResumeBelowFrames => PauseAtFrames / 2;

    /// <summary>The bytes under which reading resumes.</summary>
    public long ResumeBelowBytes => PauseAtBytes / 2;

    /// <summary>The frames at which the connection is cut off at once.</summary>
    public long CloseAtFrames => (long)PauseAtFrames * CloseFactor;

    /// <summary>The bytes at which the connection is cut off at once.</summary>
    public long CloseAtBytes => PauseAtBytes * CloseFactor;

    /// <summary>The default marks with the stuck limit tied to a heartbeat: six of its timeouts (30 s for the default 5 s).</summary>
    public static OutgoingLimits For(HeartbeatSettings? heartbeat) =>
        heartbeat is null ? Default : Default with { StuckAfter = heartbeat.Timeout * 6 };
}
