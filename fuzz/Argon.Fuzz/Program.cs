using Argon.Fuzz;
using SharpFuzz;

// Argon.Fuzz TARGET                  run under afl-fuzz (fuzz/run.sh does this)
// Argon.Fuzz replay TARGET FILE...   run the target once on each file and say what came out
// Argon.Fuzz seed DIRECTORY          (re)write the seed corpus: DIRECTORY/<target>/*.bin
const string Usage = "usage: Argon.Fuzz frames|messages|handshake | replay TARGET FILE... | seed DIRECTORY";

switch (args)
{
    case [var name] when FuzzTargets.Find(name) is { } target:
        Fuzzer.OutOfProcess.Run(stream => target(ReadAll(stream)));
        return 0;
    case ["replay", var name, .. var files] when FuzzTargets.Find(name) is { } target && files.Length > 0:
        return Replay.Run(name, target, files);
    case ["seed", var directory]:
        SeedCorpus.Write(directory);
        return 0;
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}

static byte[] ReadAll(Stream stream)
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    return buffer.ToArray();
}
