namespace LiquidMetal.Controller.Core.Ports;

/// <summary>Where a desired-state source reads from.</summary>
/// <param name="Kind">"folder" or "git".</param>
/// <param name="Location">The folder's absolute path, or the repository's URL or path.</param>
/// <param name="Branch">The Git branch; null for a folder.</param>
/// <param name="Path">The sub-path inside the repository ("" for its root); null for a folder.</param>
public sealed record DesiredStateOrigin(string Kind, string Location, string? Branch, string? Path)
{
    public override string ToString() => Kind == "git"
        ? $"git {Location} branch {Branch}{(string.IsNullOrEmpty(Path) ? "" : $" path {Path}")}"
        : $"folder {Location}";
}
