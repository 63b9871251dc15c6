namespace Argon.Bench.Measurement;

/// <summary>What one run of a workload measured: named numbers in the order they were added, and pass/fail checks.</summary>
internal sealed class Figures
{
    private readonly List<KeyValuePair<string, double>> _values = [];
    private readonly List<KeyValuePair<string, bool>> _checks = [];

    public IReadOnlyList<KeyValuePair<string, double>> Values => _values;

    public IReadOnlyList<KeyValuePair<string, bool>> Checks => _checks;

    public Figures Add(string name, double value)
    {
        _values.Add(new(name, value));
        return this;
    }

    public Figures Check(string name, bool passed)
    {
        _checks.Add(new(name, passed));
        return this;
    }

    public double this[string name] => _values.FirstOrDefault(v => v.Key == name, new(name, double.NaN)).Value;
}
