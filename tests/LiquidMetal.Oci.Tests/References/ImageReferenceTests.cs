using CsCheck;
using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Tests.References;

public sealed class ImageReferenceTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("alpine", "docker.io", "library/alpine", "latest", null)]
    [InlineData("alpine:3.20", "docker.io", "library/alpine", "3.20", null)]
    [InlineData("org/app:v1", "docker.io", "org/app", "v1", null)]
    [InlineData("docker.io/alpine", "docker.io", "library/alpine", "latest", null)]
    [InlineData("index.docker.io/library/alpine", "docker.io", "library/alpine", "latest", null)]
    [InlineData("ghcr.io/org/team/kernel:6.1_x86-64", "ghcr.io", "org/team/kernel", "6.1_x86-64", null)]
    [InlineData("localhost/app", "localhost", "app", "latest", null)]
    [InlineData("localhost:5000/app:v2", "localhost:5000", "app", "v2", null)]
    [InlineData("127.0.0.1:5000/a/b", "127.0.0.1:5000", "a/b", "latest", null)]
    [InlineData("Registry.Example.COM/a", "registry.example.com", "a", "latest", null)]
    [InlineData("MyHost/a", "myhost", "a", "latest", null)]
    [InlineData("reg.io/a__b.c-d---e/f@sha256:" + Hex, "reg.io", "a__b.c-d---e/f", null, "sha256:" + Hex)]
    [InlineData("reg.io/a:t@sha256:" + Hex, "reg.io", "a", "t", "sha256:" + Hex)]
    public void Parse_Valid_Normalised(string input, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(input);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest?.ToString());
        Assert.Equal(digest ?? tag, reference.ManifestReference);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("  ", "it is empty")]
    [InlineData("a b", "whitespace")]
    [InlineData("Alpine", "repository 'Alpine' must be lowercase")]
    [InlineData("reg.io/Org/app", "must be lowercase")]
    [InlineData("reg.io/a//b", "empty path component")]
    [InlineData("reg.io/-a", "path component '-a'")]
    [InlineData("reg.io/a.", "path component 'a.'")]
    [InlineData("reg.io/a:", "tag ''")]
    [InlineData("reg.io/a:.x", "tag '.x'")]
    [InlineData("reg.io/a:t!", "tag 't!'")]
    [InlineData("reg.io/a@sha256:abc", "needs 64 hex digits, found 3")]
    [InlineData("reg.io/a@md5:0123456789abcdef0123456789abcdef", "algorithm 'md5' is not supported")]
    [InlineData("reg.io/a@sha256:" + "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", "not a lowercase hex digit")]
    [InlineData("-reg.io/a", "registry '-reg.io'")]
    [InlineData("reg.io:99999999/a", "registry 'reg.io:99999999'")]
    [InlineData("/a", "starts with '/'")]
    [InlineData("reg.io/", "repository is empty")]
    public void Parse_Invalid_InvalidReferenceNamingTheProblem(string input, string problem)
    {
        var error = Assert.Throws<OciException>(() => ImageReference.Parse(input));

        Assert.Equal(OciErrorCode.InvalidReference, error.Code);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("Write it as", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsAllAtOnce()
    {
        var error = Assert.Throws<OciException>(() => ImageReference.Parse("reg.io/Bad:!tag@sha256:12"));

        Assert.Contains("tag '!tag'", error.Message, StringComparison.Ordinal);
        Assert.Contains("digest: sha256 needs 64", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be lowercase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TagOf128Characters_AcceptedAnd129Rejected()
    {
        Assert.Equal(128, ImageReference.Parse("a:" + new string('t', 128)).Tag!.Length);
        Assert.Throws<OciException>(() => ImageReference.Parse("a:" + new string('t', 129)));
    }

    [Fact]
    public void Parse_NameLongerThan255_Rejected()
    {
        var error = Assert.Throws<OciException>(() => ImageReference.Parse("reg.io/" + new string('a', 250)));

        Assert.Contains("longer than 255", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Normalised_ParsesBackToTheSameReference()
    {
        var component = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 8];
        var separator = Gen.OneOfConst(".", "_", "__", "-", "--");
        var path = Gen.Select(component, separator, component, (a, s, b) => a + s + b);
        var host = Gen.OneOfConst("", "docker.io/", "ghcr.io/", "localhost:5000/", "10.0.0.1:443/", "my-reg.example.com/");
        var tag = Gen.OneOf(Gen.Const(""), Gen.String[Gen.Char["abcXYZ019_.-"], 0, 20].Select(t => ":v" + t));
        var digest = Gen.OneOf(Gen.Const(""), Gen.Byte.Array[32].Select(b => "@sha256:" + Convert.ToHexStringLower(b)));
        Gen.Select(host, path, Gen.Int[1, 3], tag, digest).Sample((h, p, depth, t, d) =>
        {
            var input = h + string.Join('/', Enumerable.Repeat(p, depth)) + t + d;
            var parsed = ImageReference.Parse(input);
            var again = ImageReference.Parse(parsed.ToString());
            return again == parsed && again.ToString() == parsed.ToString();
        });
    }

    [Fact]
    public void TryParse_ArbitraryStrings_NeverThrows()
    {
        Gen.String.Sample(s =>
        {
            if (ImageReference.TryParse(s, out var parsed, out var errors))
            {
                Assert.Empty(errors);
                Assert.Equal(parsed, ImageReference.Parse(parsed.ToString()));
            }
            else
            {
                Assert.NotEmpty(errors);
            }
        });
    }

    [Fact]
    public void OnRegistry_MirrorPrefix_PrefixesRepository()
    {
        var mirrored = ImageReference.Parse("alpine:3").OnRegistry("mirror.local:5000", "dockerhub/");

        Assert.Equal("mirror.local:5000/dockerhub/library/alpine:3", mirrored.ToString());
    }
}
