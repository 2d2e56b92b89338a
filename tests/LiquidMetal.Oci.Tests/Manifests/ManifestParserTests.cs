using System.Text;
using LiquidMetal.Oci.Manifests;

namespace LiquidMetal.Oci.Tests.Manifests;

public sealed class ManifestParserTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void ParseManifestOrIndex_ContentTypeWins_OverDocumentMediaType()
    {
        var json = $$$"""{"schemaVersion":2,"config":{"mediaType":"c","digest":"{{{Digest}}}","size":1},"layers":[]}""";

        var parsed = ManifestParser.ParseManifestOrIndex(Encoding.UTF8.GetBytes(json), MediaTypes.DockerManifest, "m");

        Assert.Equal(MediaTypes.DockerManifest, Assert.IsType<ImageManifest>(parsed).MediaType);
    }

    [Fact]
    public void ParseManifestOrIndex_IndexWithoutMediaType_InferredFromManifests()
    {
        var json = $$$"""{"schemaVersion":2,"manifests":[{"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{Digest}}}","size":5,"platform":{"os":"linux","architecture":"arm","variant":"v7"}}]}""";

        var index = Assert.IsType<ImageIndex>(ManifestParser.ParseManifestOrIndex(Encoding.UTF8.GetBytes(json), "application/json", "m"));

        Assert.Equal(new Platform("linux", "arm", "v7"), index.Manifests[0].Platform);
    }

    [Theory]
    [InlineData("not json", "is not valid JSON")]
    [InlineData("[1]", "is not a JSON object")]
    [InlineData("""{"mediaType":"application/vnd.docker.distribution.manifest.v1+prettyjws"}""", "Docker schema 1")]
    [InlineData("""{"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}""", "has no config")]
    [InlineData("""{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"c","digest":"sha256:12","size":1},"layers":[]}""", "config has digest 'sha256:12'")]
    [InlineData("""{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"c","digest":"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","size":-1},"layers":[]}""", "config has no valid size")]
    [InlineData("""{"mediaType":"application/vnd.oci.image.index.v1+json"}""", "has no 'manifests' array")]
    [InlineData("""{"mediaType":5}""", "field 'mediaType' is not a string")]
    public void ParseManifestOrIndex_Broken_InvalidResponseNamingField(string json, string problem)
    {
        var error = Assert.Throws<OciException>(() => ManifestParser.ParseManifestOrIndex(Encoding.UTF8.GetBytes(json), null, "Manifest x"));

        Assert.Equal(OciErrorCode.InvalidResponse, error.Code);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseManifestOrIndex_DeeplyNested_Rejected()
    {
        var json = "{\"a\":" + new string('[', 100) + new string(']', 100) + "}";

        Assert.Throws<OciException>(() => ManifestParser.ParseManifestOrIndex(Encoding.UTF8.GetBytes(json), null, "m"));
    }

    [Fact]
    public void ParseConfig_Essentials_Extracted()
    {
        var json = $$$"""
            {"architecture":"arm64","os":"linux","variant":"v8","created":"2026-01-02T03:04:05Z",
             "config":{"Entrypoint":["/sbin/init"],"Cmd":null,"Env":["A=1"],"WorkingDir":"/w","User":"1000","Labels":{"k":"v"}},
             "rootfs":{"type":"layers","diff_ids":["{{{Digest}}}"]}}
            """;

        var config = ManifestParser.ParseConfig(Encoding.UTF8.GetBytes(json), "c");

        Assert.Equal(new Platform("linux", "arm64", "v8"), config.Platform);
        Assert.Equal(["/sbin/init"], config.Entrypoint);
        Assert.Empty(config.Cmd);
        Assert.Equal("/w", config.WorkingDir);
        Assert.Equal("v", config.Labels["k"]);
        Assert.Equal(Digest, config.DiffIds.Single().ToString());
        Assert.Equal(2026, config.Created!.Value.Year);
    }
}
