namespace LiquidMetal.Agent.Images;

/// <summary>
/// What applying one entry means on disk, in canonical paths relative to the root: first delete
/// <paramref name="Removed"/> (without following links), then create the entry at <paramref name="Path"/>
/// (for a hard link, as another name of <paramref name="LinkSource"/>). Path is null when nothing is created.
/// </summary>
internal sealed record TreeChange(string? Path, IReadOnlyList<string> Removed, string? LinkSource = null)
{
    public static TreeChange None { get; } = new(null, []);
}
