using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Tests.Output;

public class HumanizeTests
{
    [Theory]
    [InlineData(512, "512 MiB")]
    [InlineData(1024, "1 GiB")]
    [InlineData(1536, "1.5 GiB")]
    [InlineData(65536, "64 GiB")]
    [InlineData(3 * 1024 * 1024, "3 TiB")]
    public void Mebibytes_IsShortAndBinary(long mib, string expected) => Assert.Equal(expected, Humanize.Mebibytes(mib));

    [Theory]
    [InlineData(45, "45s")]
    [InlineData(60 * 12, "12m")]
    [InlineData(3600 * 5, "5h")]
    [InlineData(86400 * 3 + 10, "3d")]
    [InlineData(-5, "0s")]
    public void Age_IsLikeKubectl(int seconds, string expected) => Assert.Equal(expected, Humanize.Age(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(850, "850ms")]
    [InlineData(1500, "1.5s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(7_384_000, "2h3m4s")]
    public void Duration_IsGoStyle(int milliseconds, string expected) => Assert.Equal(expected, Humanize.Duration(TimeSpan.FromMilliseconds(milliseconds)));
}
