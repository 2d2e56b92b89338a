using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LiquidMetal.Cli.Files;

/// <summary>
/// Turns a <see cref="SourceNode"/> tree into protobuf JSON for one message type, checking it against the
/// message's descriptor so that every error names its field and line (Google.Protobuf's own parser reports
/// only the first error, without a position). Accepts both proto field names (<c>memory_in_mb</c>) and
/// JSON names (<c>memoryInMb</c>), enum names in any case, and YAML's untyped scalars for typed fields.
/// </summary>
internal sealed class ProtoJsonConverter
{
    private static readonly HashSet<string> StringEncodedWellKnownTypes = new(StringComparer.Ordinal)
    {
        Google.Protobuf.WellKnownTypes.Timestamp.Descriptor.FullName,
        Google.Protobuf.WellKnownTypes.Duration.Descriptor.FullName,
        Google.Protobuf.WellKnownTypes.FieldMask.Descriptor.FullName,
    };

    private readonly List<SpecFileError> _errors = [];
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<FieldDescriptor> _plainTextMaps;

    private ProtoJsonConverter(IReadOnlySet<FieldDescriptor> plainTextMaps) => _plainTextMaps = plainTextMaps;

    /// <summary>
    /// Converts <paramref name="root"/> to protobuf JSON for <paramref name="message"/>. Map fields in
    /// <paramref name="plainTextMaps"/> take plain text values, which are base64-encoded (UTF-8) on the way.
    /// </summary>
    public static ProtoJsonConversion Convert(SourceNode root, MessageDescriptor message, string canonicalRoot, IReadOnlySet<FieldDescriptor>? plainTextMaps = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(message);
        var converter = new ProtoJsonConverter(plainTextMaps ?? new HashSet<FieldDescriptor>());
        var path = FieldPath.Root(canonicalRoot);
        converter._locations[path.Canonical] = root.Location;
        JsonObject? json = null;
        if (root is SourceMapping)
        {
            json = converter.ConvertMessage(root, message, path);
        }
        else
        {
            converter.Error(root.Location, null, $"expected a mapping with the fields of {message.Name}, got {root.Kind}");
        }

        return new ProtoJsonConversion(json ?? [], converter._errors, converter._locations);
    }

    private JsonObject? ConvertMessage(SourceNode node, MessageDescriptor message, FieldPath path)
    {
        if (node is not SourceMapping mapping)
        {
            Error(node.Location, path.Display, $"expected a mapping with the fields of {message.Name}, got {node.Kind}");
            return null;
        }

        var json = new JsonObject();
        var given = new Dictionary<FieldDescriptor, string>();
        foreach (var entry in mapping.Entries)
        {
            var field = FindField(message, entry.Key);
            if (field is null)
            {
                var childDisplay = path.Display.Length == 0 ? entry.Key : $"{path.Display}.{entry.Key}";
                Error(entry.KeyLocation, childDisplay, DescribeUnknownField(message, entry.Key));
                continue;
            }

            if (given.TryGetValue(field, out var earlier))
            {
                Error(entry.KeyLocation, path.Field(entry.Key, field.Name).Display, $"given twice (as \"{earlier}\" and \"{entry.Key}\")");
                continue;
            }

            given[field] = entry.Key;
            var fieldPath = path.Field(entry.Key, field.Name);
            _locations[fieldPath.Canonical] = entry.KeyLocation;
            if (ConvertField(entry.Value, field, fieldPath) is { } value)
            {
                json[field.JsonName] = value;
            }
        }

        return json;
    }

    private JsonNode? ConvertField(SourceNode node, FieldDescriptor field, FieldPath path)
    {
        if (node is SourceScalar { IsNull: true })
        {
            return null; // null leaves the field unset, as in protobuf JSON
        }

        if (field.IsMap)
        {
            return ConvertMap(node, field, path);
        }

        if (!field.IsRepeated)
        {
            return ConvertSingle(node, field, path);
        }

        if (node is not SourceSequence sequence)
        {
            Error(node.Location, path.Display, $"expected a list, got {node.Kind}");
            return null;
        }

        var array = new JsonArray();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            var itemPath = path.Index(i);
            _locations[itemPath.Canonical] = item.Location;
            if (item is SourceScalar { IsNull: true })
            {
                Error(item.Location, itemPath.Display, "a list item cannot be null");
                continue;
            }

            if (ConvertSingle(item, field, itemPath) is { } value)
            {
                array.Add(value);
            }
        }

        return array;
    }

    private JsonObject? ConvertMap(SourceNode node, FieldDescriptor field, FieldPath path)
    {
        if (node is not SourceMapping mapping)
        {
            Error(node.Location, path.Display, $"expected a mapping of key: value, got {node.Kind}");
            return null;
        }

        var keyField = field.MessageType.FindFieldByNumber(1);
        var valueField = field.MessageType.FindFieldByNumber(2);
        var plainText = _plainTextMaps.Contains(field);
        var json = new JsonObject();
        foreach (var entry in mapping.Entries)
        {
            var entryPath = path.Key(entry.Key);
            _locations[entryPath.Canonical] = entry.KeyLocation;
            if (keyField.FieldType != FieldType.String
                && ConvertScalar(new SourceScalar(entry.KeyLocation, entry.Key, IsQuoted: false), keyField, entryPath) is null)
            {
                continue;
            }

            if (plainText)
            {
                if (entry.Value is SourceScalar { Value: { } text })
                {
                    json[entry.Key] = System.Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
                }
                else
                {
                    Error(entry.Value.Location, entryPath.Display,
                        $"expected plain text (the CLI base64-encodes it; write several lines as a YAML block scalar \"{entry.Key}: |\"), got {entry.Value.Kind}");
                }

                continue;
            }

            var value = entry.Value is SourceScalar { IsNull: true } && valueField.FieldType == FieldType.String
                ? JsonValue.Create("") // "quiet:" in a string map is an empty value, e.g. a bare kernel flag
                : ConvertSingle(entry.Value, valueField, entryPath);
            if (value is not null)
            {
                json[entry.Key] = value;
            }
        }

        return json;
    }

    private JsonNode? ConvertSingle(SourceNode node, FieldDescriptor field, FieldPath path)
    {
        if (field.FieldType != FieldType.Message)
        {
            return ConvertScalar(node, field, path);
        }

        var message = field.MessageType;
        if (StringEncodedWellKnownTypes.Contains(message.FullName))
        {
            return ConvertStringEncoded(node, message, path);
        }

        return message.File.Package == "google.protobuf" ? ToPlainJson(node) : ConvertMessage(node, message, path);
    }

    private JsonValue? ConvertStringEncoded(SourceNode node, MessageDescriptor message, FieldPath path)
    {
        var example = message.Name switch
        {
            "Timestamp" => "an RFC 3339 time such as 2024-05-01T12:00:00Z",
            "Duration" => "a duration in seconds such as \"1.5s\"",
            _ => "a text value",
        };
        if (node is not SourceScalar { Value: { } text })
        {
            Error(node.Location, path.Display, $"expected {example}, got {node.Kind}");
            return null;
        }

        var json = JsonValue.Create(text);
        try
        {
            JsonParser.Default.Parse(json.ToJsonString(), message);
            return json;
        }
        catch (InvalidProtocolBufferException)
        {
            Error(node.Location, path.Display, $"expected {example}, got \"{text}\"");
            return null;
        }
    }

    private JsonValue? ConvertScalar(SourceNode node, FieldDescriptor field, FieldPath path)
    {
        if (node is not SourceScalar { Value: { } text })
        {
            Error(node.Location, path.Display, $"expected {Describe(field)}, got {node.Kind}");
            return null;
        }

        var invariant = CultureInfo.InvariantCulture;
        switch (field.FieldType)
        {
            case FieldType.String:
                return JsonValue.Create(text);
            case FieldType.Bool when text.Equals("true", StringComparison.OrdinalIgnoreCase):
                return JsonValue.Create(true);
            case FieldType.Bool when text.Equals("false", StringComparison.OrdinalIgnoreCase):
                return JsonValue.Create(false);
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32
                when int.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out var int32):
                return JsonValue.Create(int32);
            case FieldType.UInt32 or FieldType.Fixed32
                when uint.TryParse(text, NumberStyles.None, invariant, out var uint32):
                return JsonValue.Create(uint32);
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64
                when long.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out var int64):
                return JsonValue.Create(int64.ToString(invariant)); // protobuf JSON writes 64-bit integers as strings
            case FieldType.UInt64 or FieldType.Fixed64
                when ulong.TryParse(text, NumberStyles.None, invariant, out var uint64):
                return JsonValue.Create(uint64.ToString(invariant));
            case FieldType.Double or FieldType.Float
                when double.TryParse(text, NumberStyles.Float, invariant, out var number) && double.IsFinite(number):
                return JsonValue.Create(number);
            case FieldType.Double or FieldType.Float when text is "NaN" or "Infinity" or "-Infinity":
                return JsonValue.Create(text);
            case FieldType.Bytes when IsBase64(text):
                return JsonValue.Create(text);
            case FieldType.Enum:
                return ConvertEnum(node, text, field.EnumType, path);
            default:
                var range = field.FieldType is FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 && long.TryParse(text, invariant, out _)
                    ? " (out of range for a 32-bit integer)"
                    : "";
                Error(node.Location, path.Display, $"expected {Describe(field)}, got \"{text}\"{range}");
                return null;
        }
    }

    private JsonValue? ConvertEnum(SourceNode node, string text, EnumDescriptor enumType, FieldPath path)
    {
        var value = enumType.FindValueByName(text)
            ?? enumType.Values.FirstOrDefault(v => v.Name.Equals(text, StringComparison.OrdinalIgnoreCase));
        if (value is null && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            value = enumType.FindValueByNumber(number);
        }

        if (value is not null)
        {
            return JsonValue.Create(value.Name);
        }

        Error(node.Location, path.Display, $"unknown value \"{text}\"; expected one of {string.Join(", ", enumType.Values.Select(v => v.Name))}");
        return null;
    }

    private static JsonNode? ToPlainJson(SourceNode node) => node switch
    {
        SourceMapping mapping => new JsonObject(mapping.Entries.Select(e => KeyValuePair.Create(e.Key, ToPlainJson(e.Value)))),
        SourceSequence sequence => new JsonArray(sequence.Items.Select(ToPlainJson).ToArray()),
        SourceScalar { Value: null } => null,
        SourceScalar { IsQuoted: true } scalar => JsonValue.Create(scalar.Value),
        SourceScalar { Value: "true" or "false" } scalar => JsonValue.Create(scalar.Value == "true"),
        SourceScalar scalar when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        SourceScalar scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static FieldDescriptor? FindField(MessageDescriptor message, string name) =>
        message.Fields.InDeclarationOrder().FirstOrDefault(f => f.Name == name || f.JsonName == name);

    private static string DescribeUnknownField(MessageDescriptor message, string name)
    {
        var fields = message.Fields.InDeclarationOrder();
        var squashed = Squash(name);
        var guess = fields.FirstOrDefault(f => Squash(f.JsonName) == squashed);
        var hint = guess is null ? "" : $" (did you mean \"{guess.JsonName}\"?)";
        return $"unknown field \"{name}\"{hint}; {message.Name} has {string.Join(", ", fields.Select(f => f.JsonName))}";
    }

    private static string Squash(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();

    private static string Describe(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => "text",
        FieldType.Bool => "true or false",
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => "an integer",
        FieldType.UInt32 or FieldType.Fixed32 or FieldType.UInt64 or FieldType.Fixed64 => "a non-negative integer",
        FieldType.Double or FieldType.Float => "a number",
        FieldType.Bytes => "base64 text",
        FieldType.Enum => $"one of {string.Join(", ", field.EnumType.Values.Select(v => v.Name))}",
        _ => $"a mapping with the fields of {field.MessageType.Name}",
    };

    private static bool IsBase64(string text) => System.Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private void Error(SourceLocation location, string? field, string message) =>
        _errors.Add(new SpecFileError(location, string.IsNullOrEmpty(field) ? null : field, message));
}
