namespace LiquidMetal.Core.Ports;

/// <summary>Turns an image reference (a file under the images directory, later an OCI image) into a file on this host.</summary>
public interface IImageSource
{
    /// <summary>Whether this source handles references of this form (by syntax alone, without I/O).</summary>
    bool CanResolve(string reference);

    /// <summary>The host file for the reference (and the file inside it when <paramref name="filename"/> is set).</summary>
    /// <exception cref="ImageException">Not found, not readable, or outside what this source may serve.</exception>
    Task<ResolvedImage> ResolveAsync(string reference, string? filename, CancellationToken cancellationToken);
}

/// <param name="Path">Absolute host path of the file.</param>
/// <param name="Source">Where it came from, for status (a path, or later an image digest).</param>
public sealed record ResolvedImage(string Path, string Source);
