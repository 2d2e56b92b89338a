using System.Collections.Concurrent;
using System.Diagnostics;
using LiquidMetal.Oci.References;
using LiquidMetal.Oci.Registry;
using LiquidMetal.Oci.Tests.Infrastructure;

namespace LiquidMetal.Oci.Tests.Registry;

/// <summary>500s, hangs and stalled bodies injected by a proxy in front of the real registry.</summary>
[Collection(RegistryTests.Name)]
public sealed class FaultTests(RegistryFixture fixture)
{
    [Fact]
    public async Task PullAsync_Two500sThenHealthy_SucceedsAfterRetries()
    {
        await using var proxy = await FaultProxy.StartAsync(fixture.Registry.Host);
        var failures = 2;
        proxy.Inject = r => r.Path.Value!.Contains("/blobs/", StringComparison.Ordinal) && Interlocked.Decrement(ref failures) >= 0 ? new Fault.Status(500) : null;
        using var scope = new StoreScope(RegistryFixture.FastOptions(proxy.Host));

        var image = await scope.Puller.PullAsync($"{proxy.Host}/test/small:v1", null, CancellationToken.None);

        Assert.All(image.Layers, l => Assert.True(File.Exists(l.Path)));
        Assert.Equal(2 + 3, proxy.Count("/blobs/")); // config + 2 layers, plus the two failed attempts
    }

    [Fact]
    public async Task ResolveAsync_Always500_TransientAfterBoundedAttempts()
    {
        await using var proxy = await FaultProxy.StartAsync(fixture.Registry.Host);
        proxy.Inject = _ => new Fault.Status(503);
        using var client = new OciRegistryClient(RegistryFixture.FastOptions(proxy.Host));

        var error = await Assert.ThrowsAsync<OciException>(() => client.ResolveAsync(ImageReference.Parse($"{proxy.Host}/test/small:v1"), CancellationToken.None));

        Assert.Equal(OciErrorCode.Transient, error.Code);
        Assert.True(error.IsTransient);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Contains("gave up after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, proxy.Count("/manifests/"));
    }

    [Fact]
    public async Task ResolveAsync_ServerNeverAnswers_TransientAfterResponseTimeouts()
    {
        await using var proxy = await FaultProxy.StartAsync(fixture.Registry.Host);
        proxy.Inject = _ => new Fault.Hang();
        var options = RegistryFixture.FastOptions(proxy.Host);
        options.ResponseTimeout = TimeSpan.FromMilliseconds(300);
        options.MaxAttempts = 2;
        using var client = new OciRegistryClient(options);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<OciException>(() => client.ResolveAsync(ImageReference.Parse($"{proxy.Host}/test/small:v1"), CancellationToken.None));

        Assert.Equal(OciErrorCode.Transient, error.Code);
        Assert.Contains("did not answer within 0.3 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, proxy.Count("/manifests/"));
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task PullAsync_BodyStallsHalfway_DetectsIdleConnectionAndResumesWithRange()
    {
        await using var proxy = await FaultProxy.StartAsync(fixture.Registry.Host);
        var layer = fixture.Small.Layers[0];
        var ranges = new ConcurrentQueue<string>();
        proxy.Inject = r =>
        {
            if (!r.Path.Value!.EndsWith(layer.Digest.ToString(), StringComparison.Ordinal))
            {
                return null;
            }

            var range = r.Headers.Range.ToString();
            ranges.Enqueue(range);
            return range.Length == 0 ? new Fault.StallAfter(layer.Size / 2) : null;
        };
        var options = RegistryFixture.FastOptions(proxy.Host);
        options.ReadIdleTimeout = TimeSpan.FromMilliseconds(300);
        using var scope = new StoreScope(options);

        var image = await scope.Puller.PullAsync($"{proxy.Host}/test/small:v1", null, CancellationToken.None);

        Assert.Equal(layer.Size, new FileInfo(image.Layers[0].Path).Length);
        Assert.Equal(["", $"bytes={layer.Size / 2}-"], ranges);
    }

    [Fact]
    public async Task PullAsync_BodyAlwaysStalls_TransientAndNothingStored()
    {
        await using var proxy = await FaultProxy.StartAsync(fixture.Registry.Host);
        var layer = fixture.Small.Layers[1];
        proxy.Inject = r => r.Path.Value!.EndsWith(layer.Digest.ToString(), StringComparison.Ordinal) ? new Fault.StallAfter(0) : null;
        var options = RegistryFixture.FastOptions(proxy.Host);
        options.ReadIdleTimeout = TimeSpan.FromMilliseconds(200);
        using var scope = new StoreScope(options);

        var error = await Assert.ThrowsAsync<OciException>(() => scope.Puller.PullAsync($"{proxy.Host}/test/small:v1", null, CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Contains("hung connection", error.Message, StringComparison.Ordinal);
        Assert.False(scope.Store.Exists(layer.Digest));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(scope.Root, "tmp")));
    }
}
