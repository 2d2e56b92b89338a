namespace LiquidMetal.Cli.Files;

/// <summary>
/// A field's path twice: as written in the file (<c>rootVolume.source</c>, for the user) and in the
/// agent's canonical form (<c>microvm.root_volume.source</c>, proto field names, as the agent's
/// validation errors name fields).
/// </summary>
internal readonly record struct FieldPath(string Display, string Canonical)
{
    private const int MaxQuotedKey = 64;

    public static FieldPath Root(string canonicalRoot) => new("", canonicalRoot);

    public FieldPath Field(string writtenName, string protoName) =>
        new(Display.Length == 0 ? writtenName : $"{Display}.{writtenName}", Join(Canonical, protoName));

    public FieldPath Index(int index) => new($"{Display}[{index}]", $"{Canonical}[{index}]");

    public FieldPath Key(string key) => new($"{Display}[\"{key}\"]", $"{Canonical}[{QuoteKey(key)}]");

    /// <summary>The agent quotes map keys this way and cuts long ones (see the core's spec validator).</summary>
    public static string QuoteKey(string key) => key.Length > MaxQuotedKey ? $"\"{key[..MaxQuotedKey]}…\"" : $"\"{key}\"";

    /// <summary>The enclosing path (<c>a.b[0]</c> → <c>a.b</c> → <c>a</c>), or null at the top.</summary>
    public static string? Parent(string canonical)
    {
        var cut = canonical.EndsWith(']') ? canonical.LastIndexOf('[') : canonical.LastIndexOf('.');
        return cut > 0 ? canonical[..cut] : null;
    }

    private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";
}
