using System.Text;
using System.Text.Json;

namespace Argon.Bench.Reporting;

/// <summary>
/// One JSON object per line: the case's labels, the median of each figure, the checks (passed in every run),
/// the repeat count and every run's figures, and the error if a run failed.
/// </summary>
internal static class JsonLines
{
    public static string For(CaseResult result) => Write(json =>
    {
        json.WriteString("workload", result.Case.Workload);
        foreach (var (name, value) in result.Case.Labels)
        {
            WriteLabel(json, name, value);
        }

        foreach (var name in result.Names)
        {
            WriteNumber(json, name, result.Median(name));
        }

        foreach (var check in result.CheckNames)
        {
            json.WriteBoolean(check, result.Passed(check));
        }

        json.WriteNumber("repeat", result.Runs.Count);
        json.WriteStartArray("runs");
        foreach (var run in result.Runs)
        {
            json.WriteStartObject();
            foreach (var (name, value) in run.Values)
            {
                WriteNumber(json, name, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (result.Errors.Count > 0)
        {
            json.WriteString("error", string.Join(" | ", result.Errors));
        }
    });

    public static string For(string workload, IEnumerable<KeyValuePair<string, double>> values) => Write(json =>
    {
        json.WriteString("workload", workload);
        foreach (var (name, value) in values)
        {
            WriteNumber(json, name, value);
        }
    });

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, Numbers.Json(value));
        }
    }

    private static void WriteLabel(Utf8JsonWriter json, string name, object value)
    {
        switch (value)
        {
            case int number:
                json.WriteNumber(name, number);
                break;
            case double number:
                WriteNumber(json, name, number);
                break;
            default:
                json.WriteString(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
