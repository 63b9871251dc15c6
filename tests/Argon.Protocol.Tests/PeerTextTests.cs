namespace Argon.Protocol.Tests;

public sealed class PeerTextTests
{
    [Theory]
    [InlineData("worker-1", "worker-1")]
    [InlineData("evil\r\u001b[31mFAKE", "evil\\r\\u001B[31mFAKE")]
    [InlineData("a\nb\tc\0d", "a\\nb\\tc\\0d")]
    [InlineData("del\u007f c1\u0085", "del\\u007F c1\\u0085")]
    [InlineData("bidi\u202Eesrever\u2066", "bidi\\u202Eesrever\\u2066")]
    [InlineData("wörker ✓", "wörker ✓")]
    [InlineData(null, "")]
    public void Escape_MakesControlCharactersVisible(string? text, string expected) =>
        Assert.Equal(expected, PeerText.Escape(text));

    [Fact]
    public void Escape_PrintableTextWithinTheLimit_IsReturnedAsItIs()
    {
        var text = "manager-1";

        Assert.Same(text, PeerText.Escape(text));
    }

    [Fact]
    public void Escape_LongText_IsCutWithAnEllipsis()
    {
        var escaped = PeerText.Escape(new string('x', 1000));

        Assert.Equal(new string('x', PeerText.DefaultMaxLength) + PeerText.Ellipsis, escaped);
        Assert.Equal("abc" + PeerText.Ellipsis, PeerText.Escape("abcdef", maxLength: 3));
    }

    [Fact]
    public void Escape_NeverSplitsASurrogatePair()
    {
        var escaped = PeerText.Escape("ab\U0001F600cd", maxLength: 3);

        Assert.Equal("ab" + PeerText.Ellipsis, escaped);
    }

    [Fact]
    public void FitMultiline_KeepsLineBreaks_AndFitsTheLimit()
    {
        Assert.Equal("a\nb\r\n\tc\\u001B", PeerText.FitMultiline("a\nb\r\n\tc\u001b", 100));
        Assert.Null(PeerText.FitMultiline(null, 100));

        var fitted = PeerText.FitMultiline(new string('\u001b', 500), 100)!;
        Assert.True(fitted.Length <= 100, $"{fitted.Length} characters");
    }
}
