using LiquidMetal.Controller.Core.Bootstrap;

namespace LiquidMetal.Controller.Core.Tests.Bootstrap;

public class BootstrapTokenTests
{
    [Theory]
    [InlineData(24 * 3600, "24h0m0s")]
    [InlineData(90 * 60, "1h30m0s")]
    [InlineData(45, "45s")]
    [InlineData(61, "1m1s")]
    [InlineData(49 * 3600 + 5, "49h0m5s")]
    public void TtlText_GoDurations(int seconds, string expected) =>
        Assert.Equal(expected, new BootstrapToken("abcdef", "0123456789abcdef", TimeSpan.FromSeconds(seconds)).TtlText);

    [Theory]
    [InlineData("abcdef.0123456789abcdef", true)]
    [InlineData("ABCDEF.0123456789abcdef", false)]
    [InlineData("abcde.0123456789abcdef", false)]
    [InlineData("abcdef.0123456789abcde!", false)]
    [InlineData("abcdef0123456789abcdef", false)]
    public void Parse_Tokens_AcceptedOrNot(string value, bool valid)
    {
        var parsed = Record.Exception(() => BootstrapToken.Parse(value));

        Assert.Equal(valid, parsed is null);
    }

    [Fact]
    public void Constructor_NonPositiveOrFractionalTtl_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BootstrapToken("abcdef", "0123456789abcdef", TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BootstrapToken("abcdef", "0123456789abcdef", TimeSpan.FromMilliseconds(1500)));
    }
}
