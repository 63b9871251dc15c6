namespace Argon.Samples;

/// <summary>Counts words per length in a text: a task with a collection result.</summary>
public sealed class WordCount(string text) : ITask<Dictionary<int, int>>
{
    public string Text { get; } = text;

    public Dictionary<int, int> Run() =>
        Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(word => word.Length)
            .ToDictionary(group => group.Key, group => group.Count());
}
