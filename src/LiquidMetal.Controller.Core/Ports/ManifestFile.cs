namespace LiquidMetal.Controller.Core.Ports;

/// <summary>One manifest file: its path relative to the source's root ('/' separators) and its UTF-8 text.</summary>
public sealed record ManifestFile(string Path, string Content);
