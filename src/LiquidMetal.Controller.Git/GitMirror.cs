using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Git;

/// <summary>
/// A bare repository in the cache holding the followed branch as refs/heads/&lt;branch&gt;. Every value from
/// configuration is validated (<see cref="GitSourceAddress"/>) and placed after "--" or behind a fixed prefix.
/// </summary>
internal sealed class GitMirror(GitCli git, GitSourceAddress address, string cacheDirectory)
{
    public string Directory { get; } = System.IO.Path.Combine(System.IO.Path.GetFullPath(cacheDirectory),
        "mirror-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Repository)))[..24] + ".git");

    private string GitDir => "--git-dir=" + Directory;
    private string BranchRef => "refs/heads/" + address.Branch;

    /// <summary>Creates the bare repository once (in a temporary directory, then renamed, so a crash leaves none half-made).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(System.IO.Path.Combine(Directory, "HEAD")))
        {
            return;
        }

        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Directory)!);
        var temporary = Directory + ".tmp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        try
        {
            Check(await git.RunAsync(["init", "--bare", "--quiet", temporary], cancellationToken), "create the mirror");
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true); // left by a crash before HEAD was written
            }

            System.IO.Directory.Move(temporary, Directory);
        }
        finally
        {
            if (System.IO.Directory.Exists(temporary))
            {
                System.IO.Directory.Delete(temporary, recursive: true);
            }
        }
    }

    /// <summary>The commit the remote branch points at; null when the repository has no such branch.</summary>
    public async Task<string?> RemoteHeadAsync(CancellationToken cancellationToken)
    {
        var result = await git.RunAsync([GitDir, "ls-remote", "--exit-code", "--", address.Repository, BranchRef], cancellationToken);
        if (result.ExitCode == 2)
        {
            return null; // --exit-code: the repository answered and has no matching ref
        }

        Check(result, $"list the branches of {address.Repository}");
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .FirstOrDefault(parts => parts.Length == 2 && parts[1] == BranchRef)?[0];
    }

    /// <summary>The commit the mirror holds for the branch; null before the first successful fetch.</summary>
    public async Task<string?> LocalHeadAsync(CancellationToken cancellationToken)
    {
        var result = await git.RunAsync([GitDir, "rev-parse", "--verify", "--quiet", BranchRef + "^{commit}"], cancellationToken);
        return result.Succeeded ? result.Stdout.Trim() : null;
    }

    /// <summary>Fetches the branch, replacing the mirror's ref even when the remote history was rewritten.</summary>
    public async Task FetchAsync(CancellationToken cancellationToken) =>
        Check(await git.RunAsync([GitDir, "fetch", "--quiet", "--no-tags", "--", address.Repository, $"+{BranchRef}:{BranchRef}"], cancellationToken),
            $"fetch branch {address.Branch} from {address.Repository}");

    /// <summary>"tree", "blob", or null when <paramref name="path"/> does not exist at the commit.</summary>
    public async Task<string?> ObjectTypeAsync(string commit, string path, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync([GitDir, "cat-file", "-t", $"{commit}:{path}"], cancellationToken);
        return result.Succeeded ? result.Stdout.Trim() : null;
    }

    /// <summary>Every file below <paramref name="path"/> at the commit, with sizes, paths relative to it.</summary>
    public async Task<IReadOnlyList<GitTreeEntry>> ListFilesAsync(string commit, string path, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync([GitDir, "ls-tree", "-r", "-l", "-z", $"{commit}:{path}"], cancellationToken);
        Check(result, $"list the files of {commit}:{path}");
        var entries = new List<GitTreeEntry>();
        foreach (var record in result.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> SP <type> SP <object> SP+ <size> TAB <path>"; size is "-" for submodules.
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            var fields = record[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var size = long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            entries.Add(new GitTreeEntry(fields[0], fields[1], fields[2], size, record[(tab + 1)..]));
        }

        return entries;
    }

    /// <summary>Reads blobs in one <c>git cat-file --batch</c> process, in the order given.</summary>
    public async Task<IReadOnlyList<byte[]>> ReadBlobsAsync(IReadOnlyList<string> objectIds, CancellationToken cancellationToken)
    {
        var blobs = new List<byte[]>(objectIds.Count);
        var (exitCode, stderr) = await git.RunStreamingAsync(
            [GitDir, "cat-file", "--batch"],
            async (input, ct) =>
            {
                foreach (var id in objectIds)
                {
                    await input.WriteAsync(Encoding.ASCII.GetBytes(id + "\n"), ct);
                }
            },
            async (output, ct) =>
            {
                var reader = new CatFileBatchReader(new BufferedStream(output));
                foreach (var id in objectIds)
                {
                    blobs.Add(await reader.ReadBlobAsync(id, ct));
                }
            },
            cancellationToken);
        Check(new GitResult(exitCode, "", stderr), "read the manifest files");
        return blobs;
    }

    private static void Check(GitResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new DesiredStateException(DesiredStateErrorCode.FetchFailed, $"git could not {what}: {result.Error}");
        }
    }
}
