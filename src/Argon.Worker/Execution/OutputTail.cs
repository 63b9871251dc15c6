namespace Argon.Worker.Execution;

/// <summary>The last lines a process wrote to one of its streams, kept to explain how it died.</summary>
internal sealed class OutputTail(int capacity = 40)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string line)
    {
        lock (_gate)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }
}
