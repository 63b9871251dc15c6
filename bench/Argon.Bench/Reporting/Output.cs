namespace Argon.Bench.Reporting;

/// <summary>Where text goes: JSON lines always to stdout; the table and progress to stdout, or to stderr with --json-only.</summary>
internal sealed class Output(bool jsonOnly)
{
    public TextWriter Human { get; } = jsonOnly ? Console.Error : Console.Out;

    public void Json(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
