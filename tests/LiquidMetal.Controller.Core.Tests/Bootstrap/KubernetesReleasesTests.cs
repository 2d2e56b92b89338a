using LiquidMetal.Controller.Core.Bootstrap;

namespace LiquidMetal.Controller.Core.Tests.Bootstrap;

public class KubernetesReleasesTests
{
    [Theory]
    [InlineData("v1.29.0", KubeadmApiVersion.V1Beta3)]
    [InlineData("v1.30.14", KubeadmApiVersion.V1Beta3)]
    [InlineData("v1.31.0", KubeadmApiVersion.V1Beta4)]
    [InlineData("v1.33.1-rc.1", KubeadmApiVersion.V1Beta4)]
    public void Find_SupportedVersions_ApiVersionBySplitAt131(string version, KubeadmApiVersion api) =>
        Assert.Equal(api, KubernetesReleases.Find(version)!.KubeadmApi);

    [Theory]
    [InlineData("v1.28.15")]
    [InlineData("v1.34.0")]
    [InlineData("1.30.14")]
    [InlineData("v2.0.0")]
    [InlineData("v1")]
    [InlineData(null)]
    public void Find_OtherVersions_None(string? version) => Assert.Null(KubernetesReleases.Find(version));
}
