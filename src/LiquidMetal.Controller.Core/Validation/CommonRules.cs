using LiquidMetal.Core.Validation;

namespace LiquidMetal.Controller.Core.Validation;

/// <summary>Rules every kind shares: names usable as agent ids, Kubernetes-style labels.</summary>
internal static class CommonRules
{
    public static void CheckLabels(ManifestErrors errors, string field, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in labels)
        {
            var path = $"{field}[{key}]";
            errors.Check(path, Syntax.LabelKey(key));
            errors.Check(path, Syntax.LabelValue(value));
        }
    }

    public static void CheckImage(ManifestErrors errors, string field, string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            errors.Add(field, "is required");
            return;
        }

        errors.AddIf(reference.Length > 1024 || reference.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)), field,
            "must be at most 1024 characters with no whitespace or control characters");
    }

    public static void CheckRelativePath(ManifestErrors errors, string field, string? path)
    {
        if (path is not null)
        {
            errors.Check(field, Syntax.SafePath(path.TrimStart('/'), mustBeAbsolute: false));
        }
    }
}
