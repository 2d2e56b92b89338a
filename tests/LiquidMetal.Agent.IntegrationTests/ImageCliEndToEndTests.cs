using System.Text.Json;
using LiquidMetal.Agent.IntegrationTests.Harness;

namespace LiquidMetal.Agent.IntegrationTests;

/// <summary><c>lm image pull|list|rm|prune</c> and <c>lm host info</c> against a real agent and a real docker-registry (no VM boots).</summary>
public sealed class ImageCliEndToEndTests : AgentTest
{
    private OciRegistry _registry = null!;

    protected override string[] AgentArguments => ["--registry-config", _registry.ConfigPath, "--image-prune-interval", "0"];

    public override async Task InitializeAsync()
    {
        _registry = await OciRegistry.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await _registry.DisposeAsync();
        }
    }

    [Fact]
    public async Task LmImage_PullListRemovePrune_AgainstRealAgentAndRegistry()
    {
        var pull = await Lm.RunAsync(Agent, ["image", "pull", _registry.GuestReference, "-o", "json"]);
        Assert.True(pull.Code == 0, pull.Err);
        using (var done = JsonDocument.Parse(pull.Out))
        {
            Assert.Equal(_registry.Guest.Top.Digest.ToString(), done.RootElement.GetProperty("manifestDigest").GetString());
            Assert.Equal(2, done.RootElement.GetProperty("layerCount").GetInt32());
        }

        Assert.Contains($"Pulling {_registry.GuestReference}", pull.Err, StringComparison.Ordinal);
        Assert.Contains("layer 1/2", pull.Err, StringComparison.Ordinal); // a line per layer when stderr is not a terminal
        Assert.Contains("layer 2/2", pull.Err, StringComparison.Ordinal);

        var again = await Lm.RunAsync(Agent, ["image", "pull", _registry.GuestReference]);
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("already on the host", again.Err, StringComparison.Ordinal);
        Assert.Contains($"Pulled {_registry.GuestReference}@{_registry.Guest.Top.Digest}", again.Out, StringComparison.Ordinal);

        var list = await Lm.RunAsync(Agent, ["image", "list"]);
        Assert.True(list.Code == 0, list.Err);
        Assert.Contains(_registry.GuestReference, list.Out, StringComparison.Ordinal);
        Assert.Contains(_registry.Guest.Top.Digest.ToString()[..19], list.Out, StringComparison.Ordinal);

        var host = await Lm.RunAsync(Agent, ["host", "info", "-o", "json"]);
        using (var info = JsonDocument.Parse(host.Out))
        {
            var image = Assert.Single(info.RootElement.GetProperty("images").EnumerateArray());
            Assert.Equal(_registry.GuestReference, image.GetProperty("reference").GetString());
            Assert.True(long.Parse(info.RootElement.GetProperty("imageCacheBytes").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 10 << 20);
        }

        var remove = await Lm.RunAsync(Agent, ["image", "rm", _registry.GuestReference, "-o", "json"]);
        Assert.True(remove.Code == 0, remove.Err);
        using (var removed = JsonDocument.Parse(remove.Out))
        {
            Assert.True(long.Parse(removed.RootElement.GetProperty("freedBytes").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 10 << 20);
        }

        var empty = await Lm.RunAsync(Agent, ["image", "list", "-o", "json"]);
        using (var after = JsonDocument.Parse(empty.Out))
        {
            Assert.False(after.RootElement.TryGetProperty("images", out var images) && images.GetArrayLength() > 0, empty.Out);
        }

        var gone = await Lm.RunAsync(Agent, ["image", "rm", _registry.GuestReference]);
        Assert.Equal(1, gone.Code);
        Assert.Contains("not found", gone.Err, StringComparison.Ordinal);

        await Lm.RunAsync(Agent, ["image", "pull", _registry.RootReference]);
        var prune = await Lm.RunAsync(Agent, ["image", "prune"]);
        Assert.True(prune.Code == 0, prune.Err);
        Assert.Contains("0 B remain", prune.Out, StringComparison.Ordinal);

        var unknown = await Lm.RunAsync(Agent, ["image", "pull", $"{_registry.Host}/lm/nothing:1"]);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("lm/nothing", unknown.Err, StringComparison.Ordinal);
    }
}
