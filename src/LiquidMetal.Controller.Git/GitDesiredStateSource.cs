using LiquidMetal.Controller.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Controller.Git;

/// <summary>
/// Manifests from a branch of a Git repository, at a sub-path. Each fetch asks the remote for the branch's
/// commit and fetches only when it moved (history rewrites included) into a bare mirror under the cache
/// directory; files are read from the mirror at that commit (<c>git ls-tree</c>, <c>git cat-file</c>), never
/// checked out. The revision is the commit sha. When the remote fails, the mirror keeps the last good commit.
/// One source instance owns its mirror; fetches on it are serialised.
/// </summary>
public sealed class GitDesiredStateSource : PollingDesiredStateSource, IDisposable
{
    private readonly GitDesiredStateOptions _options;
    private readonly GitSourceAddress _address;
    private readonly GitMirror _mirror;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public GitDesiredStateSource(GitDesiredStateOptions options, TimeProvider? time = null, ILogger<GitDesiredStateSource>? logger = null)
        : base(options?.PollInterval ?? TimeSpan.Zero, time ?? TimeProvider.System, logger ?? NullLogger<GitDesiredStateSource>.Instance)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _address = GitSourceAddress.Parse(options);
        if (string.IsNullOrWhiteSpace(options.CacheDirectory))
        {
            throw new DesiredStateException(DesiredStateErrorCode.InvalidConfiguration, "The Git desired-state source needs a CacheDirectory for its mirror");
        }

        _mirror = new GitMirror(new GitCli(options.GitExecutable, options.CommandTimeout), _address, options.CacheDirectory);
        Origin = new DesiredStateOrigin("git", _address.Repository, _address.Branch, _address.Path);
    }

    public override DesiredStateOrigin Origin { get; }

    /// <summary>The bare mirror's directory under the cache.</summary>
    public string MirrorDirectory => _mirror.Directory;

    public override async Task<DesiredStateSnapshot> FetchAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _mirror.EnsureCreatedAsync(cancellationToken);
            var commit = await UpdateMirrorAsync(cancellationToken);
            return await ReadAsync(commit, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DesiredStateException(DesiredStateErrorCode.FetchFailed,
                $"{Origin}: the mirror in {_options.CacheDirectory} is unusable: {e.Message}; check the cache directory's permissions and free space", e);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Brings the mirror's ref to the remote branch's commit and returns that commit.</summary>
    private async Task<string> UpdateMirrorAsync(CancellationToken cancellationToken)
    {
        var local = await _mirror.LocalHeadAsync(cancellationToken);
        string? remote;
        try
        {
            remote = await _mirror.RemoteHeadAsync(cancellationToken);
            if (remote is not null && remote != local)
            {
                await _mirror.FetchAsync(cancellationToken);
            }
        }
        catch (DesiredStateException e) when (e.Code == DesiredStateErrorCode.FetchFailed)
        {
            throw Unreachable(local, e);
        }

        if (remote is null)
        {
            throw new DesiredStateException(DesiredStateErrorCode.BranchNotFound,
                $"{Origin}: the repository has no branch \"{_address.Branch}\"{StillAt(local)}; push the branch or fix the branch name");
        }

        return await _mirror.LocalHeadAsync(cancellationToken)
            ?? throw new DesiredStateException(DesiredStateErrorCode.FetchFailed, $"{Origin}: the fetch succeeded but the mirror has no commit for the branch; delete {_mirror.Directory} and retry");
    }

    private DesiredStateException Unreachable(string? local, DesiredStateException cause)
    {
        var missingLocal = _address.IsLocalPath && !Directory.Exists(_address.Repository);
        return local is null || missingLocal
            ? new DesiredStateException(DesiredStateErrorCode.SourceNotFound,
                $"{Origin}: cannot read the repository{StillAt(local)} ({cause.Message}); check that it exists and that the controller may read it", cause)
            : new DesiredStateException(DesiredStateErrorCode.FetchFailed,
                $"{Origin}: fetching failed{StillAt(local)} ({cause.Message}); it is retried on the next poll", cause);
    }

    private async Task<DesiredStateSnapshot> ReadAsync(string commit, CancellationToken cancellationToken)
    {
        var path = _address.Path;
        if (path.Length > 0)
        {
            var type = await _mirror.ObjectTypeAsync(commit, path, cancellationToken);
            if (type != "tree")
            {
                throw new DesiredStateException(DesiredStateErrorCode.PathNotFound,
                    $"{Origin}: {(type is null ? "there is no" : "it is a file, not a")} folder \"{path}\" at commit {commit}; fix the path or commit the folder");
            }
        }

        var name = $"{Origin} at {commit[..Math.Min(12, commit.Length)]}";
        var set = new ManifestSet(_options.Limits, name);
        var files = new List<GitTreeEntry>();
        foreach (var entry in await _mirror.ListFilesAsync(commit, path, cancellationToken))
        {
            if (!ManifestSet.IsManifest(entry.Path) || entry.Type != "blob")
            {
                continue;
            }

            if (entry.IsSymlink)
            {
                throw new DesiredStateException(DesiredStateErrorCode.UnsafeFile,
                    $"{name}: {entry.Path} is a symlink; Git sources do not follow symlinks, commit the file itself");
            }

            set.Reserve(entry.Path, entry.Size);
            files.Add(entry);
        }

        var blobs = await _mirror.ReadBlobsAsync([.. files.Select(f => f.ObjectId)], cancellationToken);
        for (var i = 0; i < files.Count; i++)
        {
            set.Add(files[i].Path, blobs[i]);
        }

        return set.ToSnapshot(commit, Origin);
    }

    public void Dispose() => _gate.Dispose();

    private static string StillAt(string? local) => local is null ? "" : $" (still at revision {local})";
}
