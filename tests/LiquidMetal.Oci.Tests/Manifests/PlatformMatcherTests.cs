using System.Runtime.InteropServices;
using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Tests.Manifests;

public sealed class PlatformMatcherTests
{
    private static readonly ImageIndex Index = new(MediaTypes.OciIndex,
    [
        Entry(1, new Platform("windows", "amd64")),
        Entry(2, new Platform("linux", "amd64")),
        Entry(3, new Platform("linux", "arm", "v6")),
        Entry(4, new Platform("linux", "arm", "v7")),
        Entry(5, new Platform("linux", "arm64")),
    ]);

    [Theory]
    [InlineData("amd64", null, 2)]
    [InlineData("arm", "v7", 4)]
    [InlineData("arm", "v6", 3)]
    [InlineData("arm64", "v8", 5)]
    [InlineData("arm64", null, 5)]
    public void Select_Platform_PicksMatchingEntry(string architecture, string? variant, int expected)
    {
        var picked = PlatformMatcher.Select(Index, new Platform("linux", architecture, variant));

        Assert.Equal(Index.Manifests[expected - 1], picked);
    }

    [Theory]
    [InlineData("s390x", null)]
    [InlineData("arm", "v5")]
    public void Select_NoMatch_Null(string architecture, string? variant) =>
        Assert.Null(PlatformMatcher.Select(Index, new Platform("linux", architecture, variant)));

    [Theory]
    [InlineData(Architecture.X64, "linux/amd64")]
    [InlineData(Architecture.Arm64, "linux/arm64/v8")]
    [InlineData(Architecture.Arm, "linux/arm/v7")]
    public void ForArchitecture_Runtime_OciNames(Architecture architecture, string expected) =>
        Assert.Equal(expected, PlatformMatcher.ForArchitecture(architecture).ToString());

    private static Descriptor Entry(byte id, Platform platform) =>
        new(MediaTypes.OciManifest, Digest.ComputeSha256([id]), 10, platform);
}
