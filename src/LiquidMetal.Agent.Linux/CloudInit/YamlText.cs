using System.Globalization;
using LiquidMetal.Core.Ports;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Agent.Linux.CloudInit;

/// <summary>
/// Writes a YAML node tree as one document straight through the emitter. YamlDotNet's serializer would do the same
/// through reflection, which a Native AOT agent cannot use. Aliases are written out in full (no anchors).
/// </summary>
internal static class YamlText
{
    /// <summary>Deeper than any sane meta-data; also stops a self-referencing alias from recursing forever.</summary>
    private const int MaxDepth = 64;

    public static string Write(YamlNode node)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, node, depth: 0);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(Emitter emitter, YamlNode node, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new SeedException($"meta-data is nested deeper than {MaxDepth} levels (or an alias refers to itself)");
        }

        var tag = node.Tag.IsEmpty ? TagName.Empty : node.Tag;
        switch (node)
        {
            case YamlScalarNode scalar:
                emitter.Emit(new Scalar(AnchorName.Empty, tag, scalar.Value ?? "", scalar.Style, tag.IsEmpty, tag.IsEmpty));
                break;
            case YamlMappingNode mapping:
                emitter.Emit(new MappingStart(AnchorName.Empty, tag, tag.IsEmpty, mapping.Style));
                foreach (var (key, value) in mapping.Children)
                {
                    Emit(emitter, key, depth + 1);
                    Emit(emitter, value, depth + 1);
                }

                emitter.Emit(new MappingEnd());
                break;
            case YamlSequenceNode sequence:
                emitter.Emit(new SequenceStart(AnchorName.Empty, tag, tag.IsEmpty, sequence.Style));
                foreach (var item in sequence.Children)
                {
                    Emit(emitter, item, depth + 1);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                throw new SeedException($"meta-data holds a YAML {node.NodeType} node, which cannot be written back");
        }
    }
}
