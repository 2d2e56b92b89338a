using LiquidMetal.Agent.Linux.Host;
using LiquidMetal.Core.Ports;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Linux.Images;

/// <summary>
/// Images that are plain files under <see cref="FileImageOptions.ImagesDirectory"/> (syntax: <see cref="FileImageReference"/>).
/// A reference must resolve, with every symlink followed, to a readable regular file inside that directory; when it
/// names a directory, the requested filename inside it is used; when it names a file, the filename is ignored.
/// </summary>
public sealed class FileImageSource : IImageSource
{
    private readonly FileImageOptions _options;

    public FileImageSource(IOptions<FileImageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        if (!Path.IsPathRooted(_options.ImagesDirectory))
        {
            throw new ArgumentException("FileImageOptions.ImagesDirectory must be an absolute path", nameof(options));
        }
    }

    public bool CanResolve(string reference) => FileImageReference.IsFileReference(reference);

    public Task<ResolvedImage> ResolveAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ResolveAsync(request.Reference, request.Filename, cancellationToken);
    }

    /// <summary>Plain files are not shared artifacts: nothing to count.</summary>
    public Task ReleaseAsync(string vmUid, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The host file for the reference (and the file inside it when <paramref name="filename"/> names a directory).</summary>
    public async Task<ResolvedImage> ResolveAsync(string reference, string? filename, CancellationToken cancellationToken)
    {
        if (FileImageReference.Validate(reference) is [var first, ..])
        {
            throw new ImageException($"Image reference '{reference}' {first}");
        }

        var (root, rootExists) = RealPath.Resolve(Path.GetFullPath(_options.ImagesDirectory));
        if (!rootExists || !Directory.Exists(root))
        {
            throw new ImageException($"The images directory {_options.ImagesDirectory} does not exist; cannot resolve '{reference}'");
        }

        var path = FileImageReference.ToPath(reference);
        var lookedFor = path.StartsWith('/') ? path : Path.Combine(root, path);
        var (resolved, exists) = Resolve($"Image reference '{reference}'", lookedFor, root, orRoot: true);
        if (exists && Directory.Exists(resolved))
        {
            if (string.IsNullOrEmpty(filename))
            {
                throw new ImageException($"Image reference '{reference}' names a directory ({resolved}) and no filename was given");
            }

            if (filename.StartsWith('/') || filename.Contains('\0', StringComparison.Ordinal))
            {
                throw new ImageException($"Image reference '{reference}' with filename '{filename}' escapes the images directory {_options.ImagesDirectory} (the filename must be relative)");
            }

            lookedFor = Path.Combine(resolved, filename);
            (resolved, exists) = Resolve($"Image reference '{reference}' with filename '{filename}'", lookedFor, root, orRoot: false);
        }

        if (!exists)
        {
            throw new ImageException($"Image '{reference}'{(string.IsNullOrEmpty(filename) ? string.Empty : $" (filename '{filename}')")} not found: looked for {lookedFor}");
        }

        await EnsureReadableRegularFileAsync(reference, resolved, cancellationToken).ConfigureAwait(false);
        return new ResolvedImage(resolved, FileImageReference.Scheme + resolved);
    }

    /// <summary>Canonical path and existence; throws when it lands outside the images directory (<paramref name="orRoot"/>: or on it).</summary>
    private (string Path, bool Exists) Resolve(string what, string path, string root, bool orRoot)
    {
        string resolved;
        bool exists;
        try
        {
            (resolved, exists) = RealPath.Resolve(Path.GetFullPath(path));
        }
        catch (IOException ex)
        {
            throw new ImageException($"{what} cannot be resolved: {ex.Message}", ex);
        }

        return RealPath.IsInside(resolved, root, orRoot)
            ? (resolved, exists)
            : throw new ImageException($"{what} escapes the images directory {_options.ImagesDirectory} (it resolves to {resolved})");
    }

    private static async Task EnsureReadableRegularFileAsync(string reference, string path, CancellationToken cancellationToken)
    {
        // A FIFO would block the open below and a device is no image: ask stat for the type first.
        ProcessResult stat;
        try
        {
            stat = await ProcessRunner.RunAsync("stat", ["-c", "%F", path], cancellationToken).ConfigureAwait(false);
        }
        catch (ToolNotFoundException ex)
        {
            throw new ImageException($"{ex.Message}: install coreutils", ex);
        }

        var type = stat.StandardOutput.Trim();
        if (!stat.Succeeded || type is not ("regular file" or "regular empty file"))
        {
            throw new ImageException($"Image '{reference}' resolves to {path}, which is not a regular file ({(stat.Succeeded ? type : stat.Diagnostic)})");
        }

        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: false);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new ImageException($"Image '{reference}' resolves to {path}, which is not readable: {ex.Message}", ex);
        }
    }
}
