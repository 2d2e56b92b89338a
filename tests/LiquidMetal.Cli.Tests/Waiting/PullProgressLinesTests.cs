using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Cli.Waiting;

namespace LiquidMetal.Cli.Tests.Waiting;

public class PullProgressLinesTests
{
    private const string Layer = "sha256:abcdef0123456789abcdef";

    [Fact]
    public void Describe_PartialThenComplete_OneLineWhenTheLayerIsDone()
    {
        var lines = new PullProgressLines();

        Assert.Null(lines.Describe(Update(0, done: 1 << 20, total: 4 << 20)));
        Assert.Equal("  layer 1/2 sha256:abcdef012345 4 MiB downloaded", lines.Describe(Update(0, done: 4 << 20, total: 4 << 20)));
        Assert.Null(lines.Describe(Update(0, done: 4 << 20, total: 4 << 20))); // repeated: nothing new
    }

    [Fact]
    public void Describe_CachedLayer_SaysItWasAlreadyThere()
    {
        var line = new PullProgressLines().Describe(Update(1, done: 512, total: 512, cached: true));

        Assert.Equal("  layer 2/2 sha256:abcdef012345 512 B already on the host", line);
    }

    [Fact]
    public void Describe_FinalSummary_IsNotALayerLine()
    {
        Assert.Null(new PullProgressLines().Describe(new PullImageProgress { Done = new PulledImageSummary { Reference = "r" } }));
    }

    private static PullImageProgress Update(int index, long done, long total, bool cached = false) => new()
    {
        LayerDigest = Layer, LayerIndex = index, LayerCount = 2, BytesDone = done, BytesTotal = total, Cached = cached,
    };
}
