using System.Globalization;
using System.Text;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>One sample of a scrape: a series (name and labels) and its value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Key => Series(Name, Labels);

    public static string Series(string name, IEnumerable<KeyValuePair<string, string>> labels) =>
        name + "{" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
}

/// <summary>
/// A strict parser for the Prometheus text exposition format (version 0.0.4), written here because no parser
/// package is served. Any line that is not a well-formed HELP, TYPE, comment or sample is rejected with its
/// line number, and so are the mistakes a scraper would trip on: a TYPE after its samples or given twice, an
/// unknown type, a sample whose name does not belong to its family's type (histogram _bucket/_sum/_count), a
/// bucket without le, buckets that are not cumulative, a series given twice.
/// </summary>
internal sealed class PrometheusText
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];
    private readonly Dictionary<string, PrometheusSample> _samples = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    private PrometheusText()
    {
    }

    public IReadOnlyCollection<PrometheusSample> Samples => _samples.Values;

    /// <summary>The metric families that were given a TYPE, by name.</summary>
    public IReadOnlyDictionary<string, string> TypesByFamily => _types;

    /// <exception cref="FormatException">The text is not valid exposition format; the message names the line.</exception>
    public static PrometheusText Parse(string text)
    {
        var result = new PrometheusText();
        var lines = text.Split('\n');
        if (lines[^1].Length != 0)
        {
            throw new FormatException("the exposition does not end with a line feed");
        }

        var seenFamilies = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length - 1; i++)
        {
            try
            {
                result.ParseLine(lines[i], seenFamilies);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"line {i + 1}: {ex.Message}: '{lines[i]}'", ex);
            }
        }

        result.CheckHistograms();
        return result;
    }

    /// <summary>The value of one series; labels not given must be absent.</summary>
    /// <exception cref="KeyNotFoundException">No such series in the scrape.</exception>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var key = PrometheusSample.Series(name, labels.Select(l => KeyValuePair.Create(l.Name, l.Value)));
        return _samples.TryGetValue(key, out var sample)
            ? sample.Value
            : throw new KeyNotFoundException($"no series {key} in the scrape; it has: {string.Join(", ", _samples.Keys.Where(k => k.StartsWith(name, StringComparison.Ordinal)))}");
    }

    private void ParseLine(string line, HashSet<string> seenFamilies)
    {
        if (line.Length == 0)
        {
            return;
        }

        if (line[0] == '#')
        {
            var parts = line.Split(' ', 4);
            if (parts.Length >= 3 && parts[0] == "#" && parts[1] is "HELP" or "TYPE")
            {
                RequireName(parts[2], metric: true);
                if (parts[1] == "TYPE")
                {
                    if (parts.Length != 4 || !Types.Contains(parts[3]))
                    {
                        throw new FormatException($"unknown metric type '{(parts.Length == 4 ? parts[3] : "")}'");
                    }

                    if (seenFamilies.Contains(parts[2]) || !_types.TryAdd(parts[2], parts[3]))
                    {
                        throw new FormatException($"TYPE for {parts[2]} after its samples or given twice");
                    }
                }
            }

            return; // any other comment
        }

        var (name, labels, rest) = ReadSeries(line);
        var fields = rest.Split(' ', StringSplitOptions.None);
        if (fields.Length is < 1 or > 2 || fields[0].Length == 0)
        {
            throw new FormatException("expected a value and an optional timestamp after the series");
        }

        var value = ParseValue(fields[0]);
        if (fields.Length == 2 && !long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"bad timestamp '{fields[1]}'");
        }

        var family = FamilyOf(name);
        seenFamilies.Add(family);
        if (_types.TryGetValue(family, out var type) && type is "histogram" && name.EndsWith("_bucket", StringComparison.Ordinal) && !labels.ContainsKey("le"))
        {
            throw new FormatException($"histogram bucket {name} has no le label");
        }

        var sample = new PrometheusSample(name, labels, value);
        if (!_samples.TryAdd(sample.Key, sample))
        {
            throw new FormatException($"series {sample.Key} given twice");
        }
    }

    /// <summary>The family a sample belongs to: its own name, or for histogram/summary parts the name they extend.</summary>
    private string FamilyOf(string name)
    {
        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && _types.TryGetValue(name[..^suffix.Length], out var type)
                && (type == "histogram" || type == "summary" && suffix != "_bucket"))
            {
                return name[..^suffix.Length];
            }
        }

        if (_types.TryGetValue(name, out var own) && own == "histogram")
        {
            throw new FormatException($"histogram {name} has a sample with no _bucket, _sum or _count suffix");
        }

        return name;
    }

    private static (string Name, Dictionary<string, string> Labels, string Remainder) ReadSeries(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
        {
            i++;
        }

        var name = line[..i];
        RequireName(name, metric: true);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                if (i < line.Length && line[i] == '}')
                {
                    i++;
                    break;
                }

                var start = i;
                while (i < line.Length && line[i] != '=')
                {
                    i++;
                }

                var label = line[start..i];
                RequireName(label, metric: false);
                if (i + 1 >= line.Length || line[i + 1] != '"')
                {
                    throw new FormatException($"label {label} has no quoted value");
                }

                i += 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException($"label {label}'s value is not closed");
                    }

                    var c = line[i++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        value.Append(i < line.Length ? line[i++] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw new FormatException($"bad escape \\{other} in label {label}"),
                        } : throw new FormatException("line ends in an escape"));
                    }
                    else
                    {
                        value.Append(c);
                    }
                }

                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new FormatException($"label {label} given twice");
                }

                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i >= line.Length || line[i] != '}')
                {
                    throw new FormatException("expected ',' or '}' after a label");
                }
            }
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException("expected a space before the value");
        }

        return (name, labels, line[(i + 1)..]);
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new FormatException($"bad value '{text}'"),
    };

    private static void RequireName(string name, bool metric)
    {
        var ok = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_' || metric && name[0] == ':')
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || metric && c == ':');
        if (!ok)
        {
            throw new FormatException($"'{name}' is not a valid {(metric ? "metric" : "label")} name");
        }
    }

    /// <summary>Each histogram series: buckets cumulative, ending in +Inf, whose count equals _count.</summary>
    private void CheckHistograms()
    {
        foreach (var (family, _) in _types.Where(t => t.Value == "histogram"))
        {
            var groups = _samples.Values.Where(s => s.Name == family + "_bucket")
                .GroupBy(s => PrometheusSample.Series(family, s.Labels.Where(l => l.Key != "le")));
            foreach (var group in groups)
            {
                var buckets = group.Select(s => (Le: ParseValue(s.Labels["le"]), s.Value)).OrderBy(b => b.Le).ToList();
                for (var i = 1; i < buckets.Count; i++)
                {
                    if (buckets[i].Value < buckets[i - 1].Value)
                    {
                        throw new FormatException($"histogram {group.Key} buckets are not cumulative at le={buckets[i].Le}");
                    }
                }

                var labels = group.First().Labels.Where(l => l.Key != "le").ToArray();
                if (buckets[^1].Le != double.PositiveInfinity
                    || !_samples.TryGetValue(PrometheusSample.Series(family + "_count", labels), out var count) || count.Value != buckets[^1].Value)
                {
                    throw new FormatException($"histogram {group.Key} has no +Inf bucket equal to its _count");
                }
            }
        }
    }
}
