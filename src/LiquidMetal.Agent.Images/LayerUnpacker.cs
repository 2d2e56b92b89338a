using System.Formats.Tar;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Images;

/// <summary>
/// Applies an image's layers in order into a root directory: regular files, directories, symlinks and hard links
/// with their modes, owners (when running as root) and modification times; OCI whiteouts and opaque directories
/// honoured; device nodes and fifos skipped and counted. Hostile layers are expected: every path is decided by
/// <see cref="ImageTree"/>, which resolves inside the root, so nothing is written outside it; limits stop tar bombs.
/// Everything happens in a temporary sibling directory that is renamed into place only when complete.
/// </summary>
public sealed partial class LayerUnpacker
{
    private readonly LayerLimits _limits;
    private readonly ILogger<LayerUnpacker> _logger;
    private readonly bool _setOwners = Environment.IsPrivilegedProcess;

    public LayerUnpacker(LayerLimits limits, ILogger<LayerUnpacker> logger)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(logger);
        _limits = limits;
        _logger = logger;
    }

    /// <summary>Unpacks <paramref name="layers"/> (lowest first) into <paramref name="targetDirectory"/>, which must not exist.</summary>
    /// <exception cref="ImagesException">A layer is unreadable, escapes the root or exceeds the limits; nothing is left behind.</exception>
    /// <exception cref="IOException">Writing failed (disk full, ...); nothing is left behind.</exception>
    public async Task<UnpackResult> UnpackAsync(IReadOnlyList<ImageLayer> layers, string targetDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        var target = Path.GetFullPath(targetDirectory);
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw new InvalidOperationException($"Cannot unpack into {target}: it already exists");
        }

        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        LogUnpacking(layers.Count, target);
        try
        {
            var run = new UnpackRun(temporary, _setOwners);
            var budget = new LayerBudget(_limits);
            for (var index = 0; index < layers.Count; index++)
            {
                await run.ApplyLayerAsync(layers[index], index, budget, cancellationToken).ConfigureAwait(false);
            }

            run.ApplyDirectoryMetadata();
            UnixNative.SyncFileSystem(temporary);
            Directory.Move(temporary, target);
            UnixNative.SyncDirectory(parent);
            if (run.SkippedSpecialFiles > 0)
            {
                LogSkippedSpecialFiles(run.SkippedSpecialFiles, target);
            }

            LogUnpacked(target, budget.Entries, budget.FileBytes);
            return new UnpackResult(target, budget.Entries, budget.FileBytes, run.SkippedSpecialFiles);
        }
        catch
        {
            FileTrees.TryDelete(temporary);
            throw;
        }
    }

    /// <summary>The state of one unpack: the merged tree that decides every path, and directory metadata applied last.</summary>
    private sealed class UnpackRun(string root, bool setOwners)
    {
        private readonly ImageTree _tree = new();
        private readonly Dictionary<string, EntryMetadata> _directories = new(StringComparer.Ordinal);

        public int SkippedSpecialFiles { get; private set; }

        public async Task ApplyLayerAsync(ImageLayer layer, int index, LayerBudget budget, CancellationToken cancellationToken)
        {
            _tree.BeginLayer();
            await foreach (var (tar, entry) in LayerReader.ReadAsync(layer, index, budget, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Kind == LayerEntryKind.Special)
                {
                    SkippedSpecialFiles++;
                    continue;
                }

                var change = _tree.Apply(entry, layer.Digest);
                try
                {
                    await WriteAsync(tar, entry, change, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (LayerReader.IsFormatError(ex))
                {
                    throw LayerReader.Malformed(layer, ex);
                }
                catch (PathTooLongException ex)
                {
                    throw new ImagesException(ImagesErrorCode.MalformedLayer, $"Layer {layer.Digest} has entry '{tar.Name}' with a path too long for this host", ex);
                }
            }
        }

        /// <summary>Directories get their mode and times last (adding children changes a directory's mtime), deepest first.</summary>
        public void ApplyDirectoryMetadata()
        {
            foreach (var (path, metadata) in _directories.OrderByDescending(d => d.Key.Count(c => c == '/')).ThenByDescending(d => d.Key.Length))
            {
                if (path.Length == 0 || _tree.IsDirectory(path))
                {
                    SetMetadata(Full(path), metadata, isSymlink: false);
                }
            }
        }

        private async Task WriteAsync(TarEntry tar, LayerEntry entry, TreeChange change, CancellationToken cancellationToken)
        {
            foreach (var removed in change.Removed)
            {
                FileTrees.Delete(Full(removed));
            }

            if (change.Path is null)
            {
                return;
            }

            var full = Full(change.Path);
            if (change.Path.Length > 0)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            }

            var metadata = new EntryMetadata(tar.Mode, tar.Uid, tar.Gid, tar.ModificationTime);
            switch (entry.Kind)
            {
                case LayerEntryKind.Directory:
                    Directory.CreateDirectory(full);
                    _directories[change.Path] = metadata;
                    break;
                case LayerEntryKind.File:
                    await WriteFileAsync(tar, full, cancellationToken).ConfigureAwait(false);
                    SetMetadata(full, metadata, isSymlink: false);
                    break;
                case LayerEntryKind.Symlink:
                    File.CreateSymbolicLink(full, entry.SymlinkTarget!);
                    SetMetadata(full, metadata, isSymlink: true);
                    break;
                case LayerEntryKind.Hardlink:
                    UnixNative.HardLink(Full(change.LinkSource!), full);
                    break;
                default:
                    // An implicit directory made by an opaque marker: nothing but the directory.
                    Directory.CreateDirectory(full);
                    break;
            }
        }

        private static async Task WriteFileAsync(TarEntry tar, string full, CancellationToken cancellationToken)
        {
            var output = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                if (tar.DataStream is { } data)
                {
                    await data.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private void SetMetadata(string full, EntryMetadata metadata, bool isSymlink)
        {
            if (setOwners)
            {
                UnixNative.SetOwner(full, metadata.Uid, metadata.Gid);
            }

            if (!isSymlink)
            {
                // After chown: chown clears the set-user-id and set-group-id bits.
                File.SetUnixFileMode(full, metadata.Mode);
            }

            UnixNative.SetTimes(full, metadata.Modified);
        }

        private string Full(string canonicalPath) => canonicalPath.Length == 0 ? root : Path.Join(root, canonicalPath);
    }
}
