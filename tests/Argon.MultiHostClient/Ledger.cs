using System.Diagnostics;
using System.Globalization;

namespace Argon.MultiHostClient;

/// <summary>
/// One line per outcome, written as it arrives: "ID TIMESTAMP ok", "ID TIMESTAMP wrong VALUE" or "ID TIMESTAMP failed
/// TYPE: MESSAGE". TIMESTAMP is <see cref="Stopwatch.GetTimestamp"/>, the monotonic clock that every process on the
/// machine shares whatever its network namespace, so the suite can compare it with the task bodies' start logs.
/// </summary>
internal sealed class Ledger : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    public Ledger(string path) => _writer = new StreamWriter(path, append: true) { AutoFlush = true };

    public void Ok(int id) => Write(id, "ok");

    public void Wrong(int id, int value) => Write(id, string.Create(CultureInfo.InvariantCulture, $"wrong {value}"));

    public void Failed(int id, Exception exception) =>
        Write(id, $"failed {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}");

    public void Dispose() => _writer.Dispose();

    private void Write(int id, string outcome)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{id} {Stopwatch.GetTimestamp()} {outcome}");
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }
}
