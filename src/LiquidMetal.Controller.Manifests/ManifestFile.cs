namespace LiquidMetal.Controller.Manifests;

/// <summary>A manifest file's text and the path errors name it by.</summary>
public sealed record ManifestFile(string Path, string Content);
