using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LiquidMetal.Cli.Files;

/// <summary>Reads a JSON document into a <see cref="SourceNode"/> tree, keeping every node's line and column.</summary>
internal static partial class JsonSourceParser
{
    private const int MaxDepth = 64;

    public static SourceNode Parse(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lineStarts = FindLineStarts(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = MaxDepth,
        });

        try
        {
            if (!reader.Read())
            {
                throw new SourceSyntaxException(null, "the file is empty");
            }

            var root = ReadValue(ref reader, lineStarts);
            if (reader.Read())
            {
                throw new SourceSyntaxException(Locate(lineStarts, reader.TokenStartIndex), "unexpected content after the end of the JSON document");
            }

            return root;
        }
        catch (JsonException e)
        {
            SourceLocation? location = e.LineNumber is { } line ? new SourceLocation((int)line + 1, (int)(e.BytePositionInLine ?? 0) + 1) : null;
            throw new SourceSyntaxException(location, Describe(e), e);
        }
    }

    private static SourceNode ReadValue(ref Utf8JsonReader reader, List<long> lineStarts)
    {
        var location = Locate(lineStarts, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var entries = new List<SourceEntry>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var keyLocation = Locate(lineStarts, reader.TokenStartIndex);
                    var key = reader.GetString()!;
                    if (!seen.Add(key))
                    {
                        throw new SourceSyntaxException(keyLocation, $"duplicate key \"{key}\"");
                    }

                    reader.Read();
                    entries.Add(new SourceEntry(key, keyLocation, ReadValue(ref reader, lineStarts)));
                }

                return new SourceMapping(location, entries);
            case JsonTokenType.StartArray:
                var items = new List<SourceNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, lineStarts));
                }

                return new SourceSequence(location, items);
            case JsonTokenType.String:
                return new SourceScalar(location, reader.GetString(), IsQuoted: true);
            case JsonTokenType.Number:
                return new SourceScalar(location, Encoding.UTF8.GetString(reader.ValueSpan), IsQuoted: false);
            case JsonTokenType.True:
                return new SourceScalar(location, "true", IsQuoted: false);
            case JsonTokenType.False:
                return new SourceScalar(location, "false", IsQuoted: false);
            case JsonTokenType.Null:
                return new SourceScalar(location, null, IsQuoted: false);
            default:
                throw new SourceSyntaxException(location, $"unexpected JSON token {reader.TokenType}");
        }
    }

    private static List<long> FindLineStarts(byte[] bytes)
    {
        var starts = new List<long> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static SourceLocation Locate(List<long> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return new SourceLocation(line + 1, (int)(offset - lineStarts[line]) + 1);
    }

    private static string Describe(JsonException e)
    {
        // System.Text.Json appends " LineNumber: 3 | BytePositionInLine: 4."; the location is reported separately.
        var message = PositionSuffix().Replace(e.Message, "").TrimEnd('.', ' ');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "invalid JSON";
    }

    [GeneratedRegex(@"\s*(Path: \S*)?\s*\|?\s*LineNumber: \d+ \| BytePositionInLine: \d+\.?$")]
    private static partial Regex PositionSuffix();
}
