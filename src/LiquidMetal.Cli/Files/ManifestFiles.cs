using System.Text;
using LiquidMetal.Cli.Errors;
using WireManifest = LiquidMetal.Api.Controller.V1.ManifestFile;

namespace LiquidMetal.Cli.Files;

/// <summary>
/// The fleet manifests <c>lm plan/apply -f</c> upload: one file, or every <c>*.yaml</c>/<c>*.yml</c> below a
/// directory (hidden entries skipped, symlinked directories not followed, ordinal order of relative paths), as the
/// controller's folder source reads them. Paths are sent relative to the directory, so the same files make the
/// same revision from anywhere; the controller's errors are mapped back to the paths as given.
/// </summary>
internal sealed class ManifestFiles
{
    /// <summary>The controller's default limit on a request (gRPC's 4 MiB), less room for the message itself.</summary>
    public const long MaxTotalBytes = 4 * 1024 * 1024 - 64 * 1024;

    private readonly string _prefix;

    private ManifestFiles(string source, string prefix, IReadOnlyList<WireManifest> files)
    {
        Source = source;
        _prefix = prefix;
        Files = files;
    }

    /// <summary>The path as given with -f.</summary>
    public string Source { get; }

    public IReadOnlyList<WireManifest> Files { get; }

    public static ManifestFiles Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var files = new List<WireManifest>();
        long total = 0;
        string prefix;
        if (Directory.Exists(path))
        {
            prefix = path;
            foreach (var relative in Enumerate(new DirectoryInfo(path), ""))
            {
                Add(files, relative, Path.Join(path, relative), ref total);
            }

            if (files.Count == 0)
            {
                throw new CliException($"-f {path}: no *.yaml or *.yml files in this directory", "give the folder that holds the fleet's manifests (Host, Cluster, MachineTemplate), e.g. examples/fleet");
            }
        }
        else if (File.Exists(path))
        {
            prefix = Path.GetDirectoryName(path) ?? "";
            Add(files, Path.GetFileName(path), path, ref total);
        }
        else
        {
            throw new CliException($"-f {path}: no such file or directory", "give the folder that holds the fleet's manifests, e.g. examples/fleet");
        }

        return new ManifestFiles(path, prefix, files);
    }

    /// <summary>The controller's error (<c>clusters.yaml: document 2 (Cluster a): ...</c>) with the file's path as given.</summary>
    public string Locate(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        foreach (var file in Files)
        {
            if (error.StartsWith(file.Path + ":", StringComparison.Ordinal))
            {
                return Path.Join(_prefix, file.Path) + error[file.Path.Length..];
            }
        }

        return error;
    }

    private static void Add(List<WireManifest> files, string relative, string fullPath, ref long total)
    {
        string content;
        try
        {
            content = File.ReadAllText(fullPath, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {fullPath}: {e.Message}", "check the file's permissions", innerException: e);
        }

        total += Encoding.UTF8.GetByteCount(content) + relative.Length;
        if (total > MaxTotalBytes)
        {
            throw new CliException($"the manifests under -f are larger than {MaxTotalBytes / 1024} KiB (at {fullPath})",
                "a fleet's manifests are small text files; point -f at the folder with only them");
        }

        files.Add(new WireManifest { Path = relative, Content = content });
    }

    private static IEnumerable<string> Enumerate(DirectoryInfo directory, string relativeDirectory)
    {
        var entries = directory.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false })
            .Where(e => !e.Name.StartsWith('.'))
            .OrderBy(e => e.Name, StringComparer.Ordinal);
        var found = new List<string>();
        foreach (var entry in entries)
        {
            var relative = relativeDirectory.Length == 0 ? entry.Name : $"{relativeDirectory}/{entry.Name}";
            if (entry is DirectoryInfo child)
            {
                if (child.LinkTarget is null)
                {
                    found.AddRange(Enumerate(child, relative));
                }
            }
            else if (entry.Name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || entry.Name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            {
                found.Add(relative);
            }
        }

        return found.Order(StringComparer.Ordinal);
    }
}
