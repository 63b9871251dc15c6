using System.Globalization;

namespace Argon.MultiHostTests.Cluster;

/// <summary>One outcome a client saw: the call's id, when (<see cref="System.Diagnostics.Stopwatch"/> timestamp), and "ok", "wrong V" or "failed ...".</summary>
internal sealed record Outcome(int Id, long At, string Text)
{
    public bool IsOk => Text == "ok";
}

/// <summary>The ledger a client program writes, one line per outcome (see Argon.MultiHostClient's Ledger).</summary>
internal sealed class LedgerFile(string path)
{
    public string Path { get; } = path;

    /// <summary>The outcomes written so far (a line being written is skipped until it is whole).</summary>
    public IReadOnlyList<Outcome> Read()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var whole = text.LastIndexOf('\n');
        return
        [
            .. text[..(whole + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ', 3))
                .Select(p => new Outcome(int.Parse(p[0], CultureInfo.InvariantCulture), long.Parse(p[1], CultureInfo.InvariantCulture), p[2])),
        ];
    }
}
