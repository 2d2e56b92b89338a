using LiquidMetal.Cli.Commands;

namespace LiquidMetal.Cli.Tests.Commands;

public class DurationsTests
{
    [Theory]
    [InlineData("90s", 90_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1h2m3s", 3_723_000)]
    [InlineData("500ms", 500)]
    [InlineData("2.5s", 2_500)]
    [InlineData("30", 30_000)]
    public void TryParse_GoStyleDuration_IsParsed(string text, long milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5 minutes")]
    [InlineData("-1s")]
    [InlineData("1d")]
    [InlineData("m")]
    public void TryParse_Other_IsRejected(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }
}
