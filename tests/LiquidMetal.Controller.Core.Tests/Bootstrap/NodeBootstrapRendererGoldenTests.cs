using LiquidMetal.Controller.Core.Bootstrap;

namespace LiquidMetal.Controller.Core.Tests.Bootstrap;

/// <summary>Each case in testdata/ is rendered and compared byte for byte with expected/ (LM_UPDATE_GOLDEN=1 rewrites them).</summary>
public class NodeBootstrapRendererGoldenTests
{
    public static TheoryData<string> Cases() => [.. BootstrapCase.Names()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_GoldenCase_MatchesExpected(string name)
    {
        var golden = BootstrapCase.Load(name);

        var bootstrap = NodeBootstrapRenderer.Render(golden.Request);

        foreach (var document in BootstrapCase.Documents)
        {
            var path = golden.ExpectedPath(document);
            var actual = BootstrapCase.Text(bootstrap, document);
            if (Environment.GetEnvironmentVariable("LM_UPDATE_GOLDEN") == "1")
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, actual);
            }

            Assert.True(File.Exists(path), $"{path} is missing; run with LM_UPDATE_GOLDEN=1 to create it");
            Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_SameRequestTwice_ByteIdentical(string name)
    {
        var golden = BootstrapCase.Load(name);

        var first = NodeBootstrapRenderer.Render(golden.Request);
        var second = NodeBootstrapRenderer.Render(golden.Request with { Pki = golden.Request.Pki with { } });

        Assert.Equal(first, second);
    }
}
