namespace LiquidMetal.Agent.Images;

/// <summary>
/// The image's filesystem as the layers build it, in memory and without I/O: the one place that decides what a
/// layer entry means (whiteouts, opaque directories, replacing, links). Paths are resolved component by component
/// inside the root, as a chroot would: a symlink to <c>/etc</c> leads to the image's <c>etc</c>, <c>..</c> stops at
/// the root. What it returns are canonical paths (no symlink among their parents), so writing to them on a disk
/// that mirrors this tree never leaves the root.
/// </summary>
internal sealed class ImageTree
{
    /// <summary>As Linux's limit on symlinks followed in one lookup.</summary>
    private const int MaxLinksFollowed = 40;

    private readonly DirectoryNode _root = new();

    // Whiteouts hide only what lower layers made: these say what the current layer wrote (and which directories lead to it).
    private readonly HashSet<string> _writtenThisLayer = new(StringComparer.Ordinal);
    private readonly HashSet<string> _leadsToWrittenThisLayer = new(StringComparer.Ordinal);

    public static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}/{name}";

    /// <summary>Starts the next layer: whiteouts from now on may hide everything applied so far.</summary>
    public void BeginLayer()
    {
        _writtenThisLayer.Clear();
        _leadsToWrittenThisLayer.Clear();
    }

    /// <exception cref="ImagesException">A parent is not a directory, a hard link target is missing, a link loop.</exception>
    public TreeChange Apply(LayerEntry entry, string layerDigest)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Kind switch
        {
            LayerEntryKind.Directory => AddDirectory(entry.Segments, layerDigest),
            LayerEntryKind.File => Place(entry.Segments, new FileNode(entry.Content), layerDigest),
            LayerEntryKind.Symlink => Place(entry.Segments, new SymlinkNode(entry.SymlinkTarget ?? ""), layerDigest),
            LayerEntryKind.Hardlink => AddHardlink(entry.Segments, entry.HardlinkTarget ?? [], layerDigest),
            LayerEntryKind.Whiteout => Whiteout(entry.Segments, layerDigest),
            LayerEntryKind.Opaque => MakeOpaque(entry.Segments[..^1], layerDigest),
            _ => TreeChange.None,
        };
    }

    /// <summary>Looks a path up as a reader in the image would: every symlink (the last one too) followed inside the root.</summary>
    public TreeResolution Find(string path, string what) =>
        Resolve(path.Split('/', StringSplitOptions.RemoveEmptyEntries), followFinal: true, createParents: false, what);

    /// <summary>Whether a canonical path is (still) a directory.</summary>
    public bool IsDirectory(string canonicalPath) =>
        Resolve(canonicalPath.Split('/', StringSplitOptions.RemoveEmptyEntries), followFinal: false, createParents: false, "")
            .Node is DirectoryNode;

    private TreeChange AddDirectory(string[] segments, string layerDigest)
    {
        if (segments.Length == 0)
        {
            return new TreeChange("", []);
        }

        var at = Resolve(segments, followFinal: false, createParents: true, layerDigest);
        if (at.Node is DirectoryNode)
        {
            MarkWritten(at.Path);
            return new TreeChange(at.Path, []);
        }

        return Put(at, new DirectoryNode());
    }

    private TreeChange Place(string[] segments, TreeNode node, string layerDigest)
    {
        if (segments.Length == 0)
        {
            throw new ImagesException(ImagesErrorCode.MalformedLayer, $"Layer {layerDigest} tries to replace the root directory with a file or link");
        }

        return Put(Resolve(segments, followFinal: false, createParents: true, layerDigest), node);
    }

    private TreeChange AddHardlink(string[] segments, string[] targetSegments, string layerDigest)
    {
        var target = Resolve(targetSegments, followFinal: false, createParents: false, layerDigest);
        if (target.Node is not (FileNode or SymlinkNode))
        {
            throw new ImagesException(ImagesErrorCode.MalformedLayer,
                $"Layer {layerDigest} has a hard link '{string.Join('/', segments)}' to '{string.Join('/', targetSegments)}', " +
                (target.Node is null ? "which does not exist in the image" : "which is a directory"));
        }

        var at = Resolve(segments, followFinal: false, createParents: true, layerDigest);
        if (at.Path == target.Path)
        {
            return TreeChange.None;
        }

        return Put(at, target.Node) with { LinkSource = target.Path };
    }

    private TreeChange Put(TreeResolution at, TreeNode node)
    {
        at.Parent!.Children[at.Name!] = node;
        MarkWritten(at.Path);
        return new TreeChange(at.Path, at.Node is null ? [] : [at.Path]);
    }

    private TreeChange Whiteout(string[] segments, string layerDigest)
    {
        var name = segments[^1][TarEntryPaths.WhiteoutPrefix.Length..];
        if (name is "" or "." or ".." || name.Contains('/', StringComparison.Ordinal))
        {
            throw new ImagesException(ImagesErrorCode.PathEscapesRoot, $"Layer {layerDigest} has a whiteout '{string.Join('/', segments)}' that names no file");
        }

        var parent = Resolve(segments[..^1], followFinal: true, createParents: false, layerDigest);
        var removed = new List<string>();
        if (parent.Node is DirectoryNode directory && directory.Children.ContainsKey(name))
        {
            HideLower(directory, parent.Path, name, removed);
        }

        return new TreeChange(null, removed);
    }

    private TreeChange MakeOpaque(string[] directorySegments, string layerDigest)
    {
        var at = Resolve(directorySegments, followFinal: true, createParents: true, layerDigest);
        var removed = new List<string>();
        switch (at.Node)
        {
            case DirectoryNode directory:
                foreach (var name in directory.Children.Keys.ToList())
                {
                    HideLower(directory, at.Path, name, removed);
                }

                return new TreeChange(null, removed);
            case null when at.Parent is not null:
                return Put(at, new DirectoryNode());
            default:
                return TreeChange.None;
        }
    }

    /// <summary>Removes what lower layers put at parent/name, keeping what this layer wrote there (and the directories leading to it).</summary>
    private void HideLower(DirectoryNode parent, string parentPath, string name, List<string> removed)
    {
        var path = Join(parentPath, name);
        var node = parent.Children[name];
        var keptByThisLayer = _writtenThisLayer.Contains(path) || _leadsToWrittenThisLayer.Contains(path);
        if (!keptByThisLayer)
        {
            parent.Children.Remove(name);
            removed.Add(path);
        }
        else if (node is DirectoryNode directory)
        {
            foreach (var child in directory.Children.Keys.ToList())
            {
                HideLower(directory, path, child, removed);
            }
        }
    }

    private void MarkWritten(string path)
    {
        _writtenThisLayer.Add(path);
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            if (!_leadsToWrittenThisLayer.Add(path[..slash]))
            {
                break;
            }
        }
    }

    private TreeResolution Resolve(IEnumerable<string> segments, bool followFinal, bool createParents, string what)
    {
        var directories = new List<DirectoryNode> { _root };
        var names = new List<string>();
        var pending = new Stack<string>(segments.Reverse());
        var linksFollowed = 0;
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (name is "" or ".")
            {
                continue;
            }

            if (name == "..")
            {
                if (names.Count > 0)
                {
                    names.RemoveAt(names.Count - 1);
                    directories.RemoveAt(directories.Count - 1);
                }

                continue;
            }

            var directory = directories[^1];
            directory.Children.TryGetValue(name, out var child);
            var isLast = pending.Count == 0;
            if (child is SymlinkNode link && (!isLast || followFinal))
            {
                if (++linksFollowed > MaxLinksFollowed)
                {
                    throw new ImagesException(ImagesErrorCode.MalformedLayer, $"Too many levels of symbolic links at '{Join(string.Join('/', names), name)}' in {what}");
                }

                if (link.Target.StartsWith('/'))
                {
                    names.Clear();
                    directories.RemoveRange(1, directories.Count - 1);
                }

                foreach (var part in link.Target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(part);
                }

                continue;
            }

            if (isLast)
            {
                return new TreeResolution(directory, string.Join('/', names), name, child);
            }

            switch (child)
            {
                case DirectoryNode next:
                    directories.Add(next);
                    break;
                case null when createParents:
                    var created = new DirectoryNode();
                    directory.Children[name] = created;
                    directories.Add(created);
                    break;
                case null:
                    return new TreeResolution(null, "", null, null);
                default:
                    if (createParents)
                    {
                        throw new ImagesException(ImagesErrorCode.MalformedLayer,
                            $"In {what}, '{Join(string.Join('/', names), name)}' is a file but an entry below it needs it to be a directory");
                    }

                    return new TreeResolution(null, "", null, null);
            }

            names.Add(name);
        }

        // Ended on a directory reached through '.', '..' or a link to a directory (or the root itself).
        return names.Count == 0
            ? new TreeResolution(null, "", null, _root)
            : new TreeResolution(directories[^2], string.Join('/', names.Take(names.Count - 1)), names[^1], directories[^1]);
    }
}
