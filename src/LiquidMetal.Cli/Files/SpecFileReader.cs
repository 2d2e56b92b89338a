using LiquidMetal.Api.Flintlock.Types;
using LiquidMetal.Cli.Errors;

namespace LiquidMetal.Cli.Files;

/// <summary>
/// Reads a microVM spec file (<c>lm vm create -f</c>): a flintlock <c>MicroVMSpec</c> in YAML or JSON with
/// protobuf JSON field names (camelCase or snake_case), except that <c>metadata</c> values are plain text,
/// which this reader base64-encodes as the API expects.
/// </summary>
internal static class SpecFileReader
{
    public const string StdinPath = "-";

    /// <summary>The name the agent's validation errors give the spec (<c>microvm.vcpu</c>).</summary>
    public const string CanonicalRoot = "microvm";

    private static readonly HashSet<Google.Protobuf.Reflection.FieldDescriptor> PlainTextMaps =
        [MicroVMSpec.Descriptor.FindFieldByNumber(MicroVMSpec.MetadataFieldNumber)];

    /// <summary>Reads <paramref name="path"/>, or <paramref name="stdin"/> when the path is <c>-</c>.</summary>
    public static async Task<ProtoDocument<MicroVMSpec>> ReadAsync(string path, TextReader stdin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(stdin);
        if (path == StdinPath)
        {
            var input = await stdin.ReadToEndAsync(cancellationToken);
            return Parse(input, "stdin", format: null);
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}", "check the file given with -f (use -f - to read standard input)", innerException: e);
        }

        return Parse(text, path, ProtoDocumentReader.FormatFromExtension(path));
    }

    /// <summary>Parses spec text; <paramref name="format"/> null means decide by content.</summary>
    public static ProtoDocument<MicroVMSpec> Parse(string text, string sourceName, FileFormat? format)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new SpecFileException($"{sourceName}: the file is empty", [$"{sourceName}: the file is empty"]);
        }

        return ProtoDocumentReader.Read<MicroVMSpec>(text, sourceName, format ?? ProtoDocumentReader.DetectFormat(text), CanonicalRoot, PlainTextMaps);
    }
}
