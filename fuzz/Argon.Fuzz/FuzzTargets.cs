namespace Argon.Fuzz;

/// <summary>
/// The fuzz targets by name. Each lets through only the exceptions a hostile peer is allowed to cause (the
/// protocol's own); anything else escapes, and SharpFuzz reports it to afl-fuzz as a crash.
/// </summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<string> Names { get; } = ["frames", "messages", "handshake"];

    public static Action<byte[]>? Find(string name) => name switch
    {
        "frames" => FrameTarget.Run,
        "messages" => MessageTarget.Run,
        "handshake" => HandshakeTarget.Run,
        _ => null,
    };
}
