namespace LiquidMetal.Agent.Images;

/// <summary>A file taken out of an image.</summary>
/// <param name="Path">Where it was written on the host.</param>
/// <param name="ImagePath">Its canonical path inside the image (symlinks resolved).</param>
/// <param name="LayerDigest">The layer whose copy won.</param>
public sealed record ExtractedFile(string Path, string ImagePath, long Size, string LayerDigest);
