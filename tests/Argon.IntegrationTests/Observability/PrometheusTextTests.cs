using Argon.IntegrationTests.Infrastructure;

namespace Argon.IntegrationTests.Observability;

/// <summary>The test's own exposition-format parser must accept what Prometheus accepts and reject what it would not.</summary>
public sealed class PrometheusTextTests
{
    private const string Valid = """
        # HELP requests_total Requests served.
        # TYPE requests_total counter
        requests_total{code="200",path="/a \"quoted\" \\ path"} 3
        requests_total{code="500"} 1.5e2 1700000000000
        # a comment
        # TYPE latency_seconds histogram
        latency_seconds_bucket{le="0.1"} 1
        latency_seconds_bucket{le="1"} 2
        latency_seconds_bucket{le="+Inf"} 3
        latency_seconds_sum 2.5
        latency_seconds_count 3
        # TYPE up gauge
        up NaN

        """;

    [Fact]
    public void Parse_ValidExposition_ReadsEverySeries()
    {
        var scrape = PrometheusText.Parse(Valid);

        Assert.Equal(3, scrape.Value("requests_total", ("code", "200"), ("path", "/a \"quoted\" \\ path")));
        Assert.Equal(150, scrape.Value("requests_total", ("code", "500")));
        Assert.Equal(3, scrape.Value("latency_seconds_count"));
        Assert.Equal(2, scrape.Value("latency_seconds_bucket", ("le", "1")));
        Assert.True(double.IsNaN(scrape.Value("up")));
        Assert.Equal("histogram", scrape.TypesByFamily["latency_seconds"]);
        Assert.Throws<KeyNotFoundException>(() => scrape.Value("requests_total", ("code", "404")));
    }

    [Theory]
    [InlineData("no_value\n", "value")]
    [InlineData("bad_value abc\n", "bad value")]
    [InlineData("9starts_with_digit 1\n", "not a valid metric name")]
    [InlineData("m{label=unquoted} 1\n", "quoted")]
    [InlineData("m{label=\"open} 1\n", "not closed")]
    [InlineData("m{a=\"1\" b=\"2\"} 1\n", "expected ','")]
    [InlineData("m{a=\"1\",a=\"2\"} 1\n", "given twice")]
    [InlineData("m{a=\"\\x\"} 1\n", "bad escape")]
    [InlineData("m 1 notatime\n", "timestamp")]
    [InlineData("m 1\nm 2\n", "given twice")]
    [InlineData("# TYPE m countr\nm 1\n", "unknown metric type")]
    [InlineData("m 1\n# TYPE m counter\n", "after its samples")]
    [InlineData("# TYPE h histogram\nh_bucket 1\n", "no le label")]
    [InlineData("# TYPE h histogram\nh 1\n", "no _bucket")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n", "cumulative")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n", "+Inf bucket")]
    [InlineData("m 1", "line feed")]
    public void Parse_MalformedExposition_IsRejected(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusText.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
