using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LiquidMetal.Cli.Files;

/// <summary>
/// Reads a YAML or JSON document into a protobuf message: parse with positions, convert to protobuf JSON
/// (collecting every error with its line and field), then let Google.Protobuf's <see cref="JsonParser"/>
/// build the message.
/// </summary>
internal static class ProtoDocumentReader
{
    public static ProtoDocument<T> Read<T>(string text, string sourceName, FileFormat format, string canonicalRoot, IReadOnlySet<FieldDescriptor>? plainTextMaps = null)
        where T : IMessage<T>, new()
    {
        ArgumentNullException.ThrowIfNull(text);
        var descriptor = new T().Descriptor;
        SourceNode root;
        try
        {
            root = format == FileFormat.Json ? JsonSourceParser.Parse(text) : YamlSourceParser.Parse(text);
        }
        catch (SourceSyntaxException e)
        {
            var problem = new SpecFileError(e.Location, null, $"invalid {(format == FileFormat.Json ? "JSON" : "YAML")}: {e.Message}").Format(sourceName);
            throw new SpecFileException(problem, [problem]);
        }

        var conversion = ProtoJsonConverter.Convert(root, descriptor, canonicalRoot, plainTextMaps);
        if (conversion.Errors.Count > 0)
        {
            var problems = conversion.Errors.Select(e => e.Format(sourceName)).ToList();
            throw new SpecFileException(
                $"{sourceName} is not a valid {descriptor.Name} ({problems.Count} problem{(problems.Count == 1 ? "" : "s")})", problems);
        }

        try
        {
            var message = JsonParser.Default.Parse<T>(conversion.Json.ToJsonString());
            return new ProtoDocument<T>(sourceName, message, conversion.Locations);
        }
        catch (InvalidProtocolBufferException e)
        {
            var problem = $"{sourceName}: {e.Message}";
            throw new SpecFileException(problem, [problem]);
        }
    }

    /// <summary>JSON when the first thing in the text is <c>{</c> or <c>[</c>; YAML otherwise.</summary>
    public static FileFormat DetectFormat(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.AsSpan().TrimStart(['\uFEFF', ' ', '\t', '\r', '\n']);
        return start.Length > 0 && start[0] is '{' or '[' ? FileFormat.Json : FileFormat.Yaml;
    }

    /// <summary>The format a file name promises (.json, .yaml, .yml), or null to decide by content.</summary>
    public static FileFormat? FormatFromExtension(string path) =>
        Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".JSON" => FileFormat.Json,
            ".YAML" or ".YML" => FileFormat.Yaml,
            _ => null,
        };
}
