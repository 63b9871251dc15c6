namespace Argon.Client.Tests;

public sealed class RetryBackoffTests
{
    private const int Seed = 12345;

    [Fact]
    public void Delay_GrowsWithAttempts()
    {
        // The same seed gives every attempt the same jitter, so only the attempt number differs.
        var delays = Enumerable.Range(1, 50).Select(attempt => RetryBackoff.Delay(attempt, TimeSpan.Zero, new Random(Seed))).ToList();

        for (var i = 1; i < delays.Count; i++)
        {
            Assert.True(delays[i] > delays[i - 1], $"attempt {i + 1} waits {delays[i]}, attempt {i} waited {delays[i - 1]}");
        }
    }

    [Fact]
    public void Delay_GrowsLogarithmically()
    {
        var first = RetryBackoff.Delay(1, TimeSpan.Zero, new Random(Seed));
        var tenth = RetryBackoff.Delay(10, TimeSpan.Zero, new Random(Seed));
        var hundredth = RetryBackoff.Delay(100, TimeSpan.Zero, new Random(Seed));

        // 1 + 4 ln n: 1, 10.2, 19.4 times the base; each tenfold more attempts adds the same step.
        Assert.Equal((tenth - first).TotalMilliseconds, (hundredth - tenth).TotalMilliseconds, 3);
        Assert.True(hundredth < tenth * 2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(int.MinValue)]
    public void Delay_WhenAttemptIsBelowOne_TreatsItAsTheFirst(int attempt)
    {
        Assert.Equal(RetryBackoff.Delay(1, TimeSpan.Zero, new Random(Seed)), RetryBackoff.Delay(attempt, TimeSpan.Zero, new Random(Seed)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(500)]
    [InlineData(2000)]
    public void Delay_IsNeverBelowTheHint(int hintMs)
    {
        var random = new Random(Seed);
        var hint = TimeSpan.FromMilliseconds(hintMs);

        foreach (var attempt in Enumerable.Range(1, 200))
        {
            Assert.True(RetryBackoff.Delay(attempt, hint, random) >= hint);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000)]
    [InlineData(60_000)]
    [InlineData(int.MaxValue)]
    public void Delay_IsNeverAboveTheCapOrTheTrustedHint(int hintMs)
    {
        var random = new Random(Seed);
        var hint = TimeSpan.FromMilliseconds(hintMs);
        var limit = hint > RetryBackoff.Cap ? (hint < RetryBackoff.MaxHint ? hint : RetryBackoff.MaxHint) : RetryBackoff.Cap;

        foreach (var attempt in new[] { 1, 2, 10, 1_000, 1_000_000, int.MaxValue })
        {
            Assert.True(RetryBackoff.Delay(attempt, hint, random) <= limit);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Delay_JitterStaysWithinHalfEitherSide(int attempt)
    {
        var random = new Random(Seed);
        var grown = RetryBackoff.Base.TotalMilliseconds * (1 + 4 * Math.Log(attempt));
        var delays = Enumerable.Range(0, 1_000).Select(_ => RetryBackoff.Delay(attempt, TimeSpan.Zero, random).TotalMilliseconds).ToList();

        Assert.All(delays, ms => Assert.InRange(ms, grown * 0.5, grown * 1.5));

        // And it does spread: the samples cover most of the band rather than one value.
        Assert.True(delays.Min() < grown * 0.6, $"lowest {delays.Min()} of {grown}");
        Assert.True(delays.Max() > grown * 1.4, $"highest {delays.Max()} of {grown}");
    }

    [Fact]
    public void Delay_WithoutARandom_UsesTheSharedOneWithinBounds()
    {
        var delay = RetryBackoff.Delay(3, TimeSpan.Zero);

        var grown = RetryBackoff.Base.TotalMilliseconds * (1 + 4 * Math.Log(3));
        Assert.InRange(delay.TotalMilliseconds, grown * 0.5, grown * 1.5);
    }

    [Fact]
    public void Reconnect_DoublesUpToTheCapWithJitterInTheUpperHalf()
    {
        var random = new Random(7);
        var cap = TimeSpan.FromSeconds(5);
        for (var failures = 1; failures <= 40; failures++)
        {
            var ceiling = Math.Min(cap.TotalMilliseconds, 100 * Math.Pow(2, failures - 1));
            Assert.InRange(RetryBackoff.Reconnect(failures, cap, random).TotalMilliseconds, ceiling / 2, ceiling);
        }

        Assert.InRange(RetryBackoff.Reconnect(1_000, cap, random), cap / 2, cap);
    }
}
