using Argon.Cli.Processes;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>Reads what a manager or worker serves with --http: where it listens, /metrics parsed strictly, and plain GETs.</summary>
internal static class HttpScrape
{
    private static readonly HttpClient Http = new() { Timeout = Limits.Call };

    /// <summary>The base URL from the `argon ROLE http on http://HOST:PORT` line the process prints at start.</summary>
    public static async Task<Uri> UrlAsync(ArgonProcess process, string role)
    {
        var prefix = $"argon {role} http on ";
        var line = await process.WaitForLineAsync(l => l.StartsWith(prefix, StringComparison.Ordinal), Limits.Startup);
        return new Uri(line[prefix.Length..].Trim() + "/");
    }

    /// <summary>GET /metrics, checked to be Prometheus text, and parsed.</summary>
    public static async Task<PrometheusText> MetricsAsync(Uri baseUrl)
    {
        using var response = await Http.GetAsync(new Uri(baseUrl, "metrics"));
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("0.0.4", response.Content.Headers.ContentType?.Parameters.Single(p => p.Name == "version").Value);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    public static async Task<(System.Net.HttpStatusCode Status, string? MediaType, string Body)> GetAsync(Uri baseUrl, string path)
    {
        using var response = await Http.GetAsync(new Uri(baseUrl, path));
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }
}
