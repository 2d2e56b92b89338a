using System.Diagnostics;
using System.Text;
using LiquidMetal.Agent.Linux.CloudInit;
using LiquidMetal.Agent.Linux.Tests.TestSupport;
using LiquidMetal.Core.Ports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace LiquidMetal.Agent.Linux.Tests.CloudInit;

/// <summary>Builds real ISO images with genisoimage and reads them back with isoinfo.</summary>
public sealed class NoCloudSeedBuilderTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task BuildAsync_ValidVm_WritesCidataIsoWithRenderedFiles()
    {
        var userData = "#cloud-config\r\nruncmd:\n- echo \"café ✓\"\n\t"u8.ToArray();
        var vm = NoCloudRendererTests.Vm(addNetworkConfig: true, ("meta-data", "local_hostname: node-7\nvm_host: h1\n"), ("vendor-data", "vendor"));
        vm = vm with { Spec = vm.Spec with { Metadata = new Dictionary<string, string>(vm.Spec.Metadata) { ["user-data"] = Convert.ToBase64String(userData) } } };
        var target = _dir.Combine("vm", "seed.iso");

        await Builder().BuildAsync(target, vm, [new("eth0", NicKind.Tap, "lm1", 3, "02:ab:cd:ef:01:02")], CancellationToken.None);

        Assert.Contains("Volume id: cidata", Shell.RunChecked("isoinfo", "-d", "-i", target), StringComparison.Ordinal);
        var metaData = Extract(target, "meta-data");
        Assert.Contains($"instance-id: \"{vm.Uid}\"", metaData, StringComparison.Ordinal);
        Assert.Contains($"instance_id: \"{vm.Uid}\"", metaData, StringComparison.Ordinal);
        Assert.Contains("local-hostname: \"node-7\"", metaData, StringComparison.Ordinal);
        Assert.Contains("local_hostname: \"node-7\"", metaData, StringComparison.Ordinal);
        Assert.Contains("vm_host: h1", metaData, StringComparison.Ordinal);
        var networkConfig = Extract(target, "network-config");
        Assert.Contains("macaddress: \"02:ab:cd:ef:01:02\"", networkConfig, StringComparison.Ordinal);
        Assert.Contains("- 10.0.0.2/24", networkConfig, StringComparison.Ordinal);
        Assert.Contains("via: 10.0.0.1", networkConfig, StringComparison.Ordinal);
        Assert.Equal(userData, ExtractBytes(target, "user-data"));
        Assert.Equal("vendor", Extract(target, "vendor-data"));
        Assert.Equal(["seed.iso"], Directory.GetFileSystemEntries(_dir.Combine("vm")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task BuildAsync_ExistingSeed_ReplacesIt()
    {
        var target = _dir.Combine("seed.iso");
        await File.WriteAllTextAsync(target, "old");

        await Builder().BuildAsync(target, NoCloudRendererTests.Vm(addNetworkConfig: false), [], CancellationToken.None);

        Assert.Contains("instance-id", Extract(target, "meta-data"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, Extract(target, "user-data"));
    }

    [Fact]
    public async Task BuildAsync_MetaDataNotAMapping_ThrowsSeedExceptionAndWritesNothing()
    {
        var target = _dir.Combine("seed.iso");
        var vm = NoCloudRendererTests.Vm(addNetworkConfig: false, ("meta-data", "- a\n- b\n"));

        var ex = await Assert.ThrowsAsync<SeedException>(() => Builder().BuildAsync(target, vm, [], CancellationToken.None));

        Assert.Contains("meta-data", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Fact]
    public async Task BuildAsync_GenisoimageMissing_ThrowsSeedExceptionNamingPackage()
    {
        var builder = new NoCloudSeedBuilder(Options.Create(new NoCloudSeedOptions { GenisoimagePath = "/nonexistent/genisoimage" }), NullLogger<NoCloudSeedBuilder>.Instance);
        var target = _dir.Combine("seed.iso");

        var ex = await Assert.ThrowsAsync<SeedException>(() => builder.BuildAsync(target, NoCloudRendererTests.Vm(addNetworkConfig: false), [], CancellationToken.None));

        Assert.Contains("genisoimage", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Fact]
    public async Task BuildAsync_Repeated_TakesMillisecondsEach()
    {
        // Not a benchmark: a loose bound that catches a seed build gone pathological (e.g. a tool waiting on stdin).
        var builder = Builder();
        var vm = NoCloudRendererTests.Vm(addNetworkConfig: true);
        var target = _dir.Combine("seed.iso");
        await builder.BuildAsync(target, vm, [], CancellationToken.None);

        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await builder.BuildAsync(target, vm, [], CancellationToken.None);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"Seed builds: {string.Join(", ", times.Select(t => t.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        Assert.True(times.Order().ElementAt(2) < 1000, $"Median seed build took {times.Order().ElementAt(2):F1} ms");
    }

    private static NoCloudSeedBuilder Builder() =>
        new(Options.Create(new NoCloudSeedOptions()), NullLogger<NoCloudSeedBuilder>.Instance);

    private static string Extract(string iso, string name) => Encoding.UTF8.GetString(ExtractBytes(iso, name));

    private static byte[] ExtractBytes(string iso, string name)
    {
        // isoinfo writes the file to stdout; go through a file to keep the bytes exact.
        var output = iso + "." + name + ".out";
        Shell.RunChecked("sh", "-c", "isoinfo -R -x \"/$1\" -i \"$2\" > \"$3\"", "sh", name, iso, output);
        try
        {
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
