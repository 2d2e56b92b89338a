using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Cli.Files;

/// <summary>Reads one YAML document into a <see cref="SourceNode"/> tree, keeping every node's line and column.</summary>
internal static partial class YamlSourceParser
{
    private const int MaxDepth = 64;

    public static SourceNode Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new SourceSyntaxException(ToLocation(e.Start), Describe(e), e);
        }

        return stream.Documents.Count switch
        {
            0 => throw new SourceSyntaxException(null, "the file is empty"),
            1 => Convert(stream.Documents[0].RootNode, depth: 0),
            _ => throw new SourceSyntaxException(ToLocation(stream.Documents[1].RootNode.Start),
                $"the file holds {stream.Documents.Count} YAML documents; give one microVM spec per file"),
        };
    }

    private static SourceNode Convert(YamlNode node, int depth)
    {
        var location = ToLocation(node.Start);
        if (depth > MaxDepth)
        {
            throw new SourceSyntaxException(location, $"nested more than {MaxDepth} levels deep");
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                var quoted = scalar.Style is not ScalarStyle.Plain and not ScalarStyle.Any;
                var value = !quoted && IsNull(scalar.Value) ? null : scalar.Value ?? "";
                return new SourceScalar(location, value, quoted);
            case YamlSequenceNode sequence:
                return new SourceSequence(location, sequence.Children.Select(child => Convert(child, depth + 1)).ToList());
            case YamlMappingNode mapping:
                var entries = new List<SourceEntry>(mapping.Children.Count);
                foreach (var (key, value2) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new SourceSyntaxException(ToLocation(key.Start), "a mapping key must be a plain name");
                    }

                    entries.Add(new SourceEntry(name, ToLocation(key.Start), Convert(value2, depth + 1)));
                }

                return new SourceMapping(location, entries);
            default:
                throw new SourceSyntaxException(location, $"unsupported YAML node ({node.NodeType})");
        }
    }

    /// <summary>YAML's null: nothing at all, <c>~</c>, or null in any of its spellings.</summary>
    private static bool IsNull(string? value) => value is null or "" or "~" or "null" or "Null" or "NULL";

    private static SourceLocation ToLocation(Mark mark) => new((int)mark.Line, (int)mark.Column);

    private static string Describe(YamlException e)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): "; the location is reported separately.
        var message = MarkPrefix().Replace(e.Message, "");
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "invalid YAML";
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
