using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Controller.Manifests;

/// <summary>
/// Reads typed values out of one YAML document, strictly: unknown fields, wrong types and bad scalars are
/// recorded with their field path (and never stop the reading), so one pass reports them all.
/// </summary>
internal sealed class YamlFields
{
    private readonly List<(string Field, string Message)> _errors = [];

    public IReadOnlyList<(string Field, string Message)> Errors => _errors;

    public void Add(string field, string message) => _errors.Add((field, message));

    /// <summary>The mapping's entries by key, reporting keys not in <paramref name="known"/>; null when absent or not a mapping.</summary>
    public Dictionary<string, YamlNode>? Mapping(YamlNode? node, string field, params string[] known)
    {
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            Add(field, "must be a mapping");
            return null;
        }

        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                Add(Join(field, key), $"is not a known field (known: {string.Join(", ", known)})");
                continue;
            }

            entries[key] = value;
        }

        return entries;
    }

    public Dictionary<string, YamlNode> Required(Dictionary<string, YamlNode>? parent, string parentField, string key, params string[] known)
    {
        var field = Join(parentField, key);
        var node = parent?.GetValueOrDefault(key);
        if (node is null || IsNull(node))
        {
            Add(field, "is required");
            return new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        }

        return Mapping(node, field, known) ?? new Dictionary<string, YamlNode>(StringComparer.Ordinal);
    }

    public Dictionary<string, YamlNode>? Optional(Dictionary<string, YamlNode>? parent, string parentField, string key, params string[] known) =>
        Mapping(parent?.GetValueOrDefault(key), Join(parentField, key), known);

    public string? String(Dictionary<string, YamlNode>? parent, string parentField, string key)
    {
        var node = parent?.GetValueOrDefault(key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? "";
        }

        Add(Join(parentField, key), "must be a string");
        return null;
    }

    public int? Int(Dictionary<string, YamlNode>? parent, string parentField, string key) =>
        Parse<int>(parent, parentField, key, "an integer", text => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (int?)null);

    public long? Long(Dictionary<string, YamlNode>? parent, string parentField, string key) =>
        Parse<long>(parent, parentField, key, "an integer", text => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (long?)null);

    public double? Double(Dictionary<string, YamlNode>? parent, string parentField, string key) =>
        Parse<double>(parent, parentField, key, "a number", text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null);

    public bool Bool(Dictionary<string, YamlNode>? parent, string parentField, string key) =>
        Parse<bool>(parent, parentField, key, "true or false", text => text switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => (bool?)null,
        }) ?? false;

    /// <summary>A mapping of strings to strings (labels, selectors, kernel arguments), sorted by key.</summary>
    public SortedDictionary<string, string> StringMap(Dictionary<string, YamlNode>? parent, string parentField, string key)
    {
        var field = Join(parentField, key);
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var node = parent?.GetValueOrDefault(key);
        if (node is null || IsNull(node))
        {
            return map;
        }

        if (node is not YamlMappingNode mapping)
        {
            Add(field, "must be a mapping of names to strings");
            return map;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? "";
            if (value is YamlScalarNode scalar)
            {
                map[name] = IsNull(scalar) ? "" : scalar.Value ?? "";
            }
            else
            {
                Add($"{field}[{name}]", "must be a string");
            }
        }

        return map;
    }

    /// <summary>The items of a sequence (empty when absent), each read by <paramref name="read"/> with its indexed path.</summary>
    public List<T> Sequence<T>(Dictionary<string, YamlNode>? parent, string parentField, string key, Func<YamlNode, string, T?> read)
        where T : class
    {
        var field = Join(parentField, key);
        var items = new List<T>();
        var node = parent?.GetValueOrDefault(key);
        if (node is null || IsNull(node))
        {
            return items;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Add(field, "must be a list");
            return items;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (read(sequence.Children[i], string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]")) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    public static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    private T? Parse<T>(Dictionary<string, YamlNode>? parent, string parentField, string key, string expected, Func<string, T?> parse)
        where T : struct
    {
        var node = parent?.GetValueOrDefault(key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && parse(text) is { } value)
        {
            return value;
        }

        var shown = node is YamlScalarNode { Value: { } raw } ? $" (got '{(raw.Length > 40 ? raw[..40] + "…" : raw)}')" : "";
        Add(Join(parentField, key), $"must be {expected}{shown}");
        return null;
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
}
