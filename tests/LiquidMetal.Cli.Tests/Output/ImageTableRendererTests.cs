using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Tests.Output;

public class ImageTableRendererTests
{
    [Fact]
    public void Images_Table_MatchesGoldenFile()
    {
        var text = TableRendererTests.RenderText(TableRenderer.Images(Samples.Images(), Samples.Now));

        Golden.AssertMatches(text, ["table", "image-list.txt"]);
    }

    [Fact]
    public void Images_Empty_ShowsHeadersAndZeroTotals()
    {
        var text = TableRendererTests.RenderText(TableRenderer.Images(new ListImagesResponse(), Samples.Now));

        Assert.Contains("REFERENCE", text, StringComparison.Ordinal);
        Assert.Contains("KIND", text, StringComparison.Ordinal);
        Assert.Contains("Blobs 0 B, artifacts 0 B, total 0 B", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha256:0123456789abcdef0000", "sha256:0123456789ab")]
    [InlineData("sha256:0123", "sha256:0123")]
    [InlineData("not-a-digest", "not-a-digest")]
    public void ShortDigest_KeepsAlgorithmAndTwelveHex(string digest, string expected)
    {
        Assert.Equal(expected, TableRenderer.ShortDigest(digest));
    }
}
