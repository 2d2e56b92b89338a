using System.Text;
using CsCheck;
using LiquidMetal.Controller.Core.Bootstrap;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Controller.Core.Tests.Bootstrap;

/// <summary>Whatever the text, what YamlText writes reads back (with YamlDotNet) as exactly that text.</summary>
public class YamlTextTests
{
    private static readonly Gen<string> Hostile = Gen.OneOf(
        Gen.String[Gen.Char["a-z0-9:/.-_ #'\"\\{}[]&*!|>%@`,?=+\n\t"], 0, 40],
        Gen.String,
        Gen.OneOfConst("true", "No", "~", "null", "0644", "1:20", "10.0.0.1", "- x", "a: b", "a #b", " lead", "trail ", "", "\n", "\n\nx\n\n", "  indented\nnext"));

    private static string ReadScalar(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return ((YamlScalarNode)((YamlMappingNode)stream.Documents[0].RootNode)["k"]).Value!;
    }

    [Fact]
    public void Scalar_AnyString_ReadsBackUnchanged() =>
        Hostile.Sample(value => Assert.Equal(value.ReplaceLineEndings("\n"), ReadScalar(new StringBuilder("k: ").Scalar(value.ReplaceLineEndings("\n")).Append('\n').ToString())), iter: 5000);

    [Fact]
    public void Block_AnyPrintableText_ReadsBackUnchanged() =>
        Gen.String[Gen.Char["a-z #:'\"{}-\n \t"], 1, 80].Sample(value =>
        {
            var yaml = new StringBuilder("x:\n  k: ").Block(value, 2).ToString();
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            var read = ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["x"])["k"]).Value;
            Assert.Equal(value, read);
        }, iter: 5000);
}
