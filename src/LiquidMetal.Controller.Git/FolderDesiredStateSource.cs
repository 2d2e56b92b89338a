using LiquidMetal.Controller.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Controller.Git;

/// <summary>
/// Manifests from a folder: every *.yaml/*.yml below it, sorted by path. The revision is a hash of the
/// paths and contents. Symlinks are followed only while they stay inside the folder; symlinked
/// directories are not descended into (their files are read at their real place).
/// </summary>
public sealed class FolderDesiredStateSource : PollingDesiredStateSource
{
    private readonly FolderDesiredStateOptions _options;
    private readonly string _root;

    public FolderDesiredStateSource(FolderDesiredStateOptions options, TimeProvider? time = null, ILogger<FolderDesiredStateSource>? logger = null)
        : base(options?.PollInterval ?? TimeSpan.Zero, time ?? TimeProvider.System, logger ?? NullLogger<FolderDesiredStateSource>.Instance)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Directory) || options.Directory.Any(char.IsControl))
        {
            throw new DesiredStateException(DesiredStateErrorCode.InvalidConfiguration,
                $"The desired-state folder \"{options.Directory}\" is not a path; give the folder that holds the manifests");
        }

        _options = options;
        _root = Path.GetFullPath(options.Directory);
        Origin = new DesiredStateOrigin("folder", _root, Branch: null, Path: null);
    }

    public override DesiredStateOrigin Origin { get; }

    public override Task<DesiredStateSnapshot> FetchAsync(CancellationToken cancellationToken)
    {
        // File reads here are small and bounded; run them off the caller's thread.
        return Task.Run(Read, cancellationToken);

        DesiredStateSnapshot Read()
        {
            if (!Directory.Exists(_root))
            {
                throw new DesiredStateException(DesiredStateErrorCode.SourceNotFound,
                    $"The desired-state folder {_root} does not exist; create it or point the source at the folder with the manifests");
            }

            var name = $"folder {_root}";
            var set = new ManifestSet(_options.Limits, name);
            try
            {
                var realRoot = RealPath.Resolve(_root);
                foreach (var (relative, file) in Enumerate(realRoot, cancellationToken))
                {
                    set.Reserve(relative, file.Length);
                    set.Add(relative, File.ReadAllBytes(file.FullName));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DesiredStateException(DesiredStateErrorCode.FetchFailed,
                    $"Reading {name} failed: {e.Message}; check that the controller may read every file in it", e);
            }

            return set.ToSnapshot(set.ContentRevision(), Origin);
        }
    }

    /// <summary>Manifest files in a stable order, each resolved to a regular file inside the root.</summary>
    private IEnumerable<(string Relative, FileInfo File)> Enumerate(string realRoot, CancellationToken cancellationToken)
    {
        var pending = new Stack<(DirectoryInfo Dir, string Relative)>();
        pending.Push((new DirectoryInfo(realRoot), ""));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (dir, relativeDir) = pending.Pop();
            foreach (var entry in dir.EnumerateFileSystemInfos().OrderByDescending(e => e.Name, StringComparer.Ordinal))
            {
                if (ManifestSet.IsHidden(entry.Name))
                {
                    continue;
                }

                var relative = relativeDir.Length == 0 ? entry.Name : $"{relativeDir}/{entry.Name}";
                if (entry.LinkTarget is not null)
                {
                    if (ResolveInside(realRoot, entry.FullName, relative) is { } target && target is FileInfo file && ManifestSet.IsManifest(relative))
                    {
                        yield return (relative, file);
                    }
                }
                else if (entry is DirectoryInfo child)
                {
                    pending.Push((child, relative));
                }
                else if (entry is FileInfo file && ManifestSet.IsManifest(relative))
                {
                    yield return (relative, file);
                }
            }
        }
    }

    /// <summary>The symlink's real target when it stays inside the root; refuses one that leaves it.</summary>
    private FileSystemInfo? ResolveInside(string realRoot, string linkPath, string relative)
    {
        string target;
        try
        {
            target = RealPath.Resolve(linkPath);
        }
        catch (FileNotFoundException)
        {
            return null; // A dangling link is no manifest.
        }

        if (!RealPath.IsInside(realRoot, target))
        {
            throw new DesiredStateException(DesiredStateErrorCode.UnsafeFile,
                $"folder {_root}: {relative} is a symlink to {target}, outside the folder; copy the file in or remove the link");
        }

        return Directory.Exists(target) ? new DirectoryInfo(target) : new FileInfo(target);
    }
}
