namespace LiquidMetal.Agent.Images;

/// <summary>
/// Where a path lands in the merged tree: its real (symlink-free) parent directory, the final name and the node
/// there, if any. <see cref="Path"/> is canonical: every component is a real directory inside the root.
/// </summary>
internal sealed record TreeResolution(DirectoryNode? Parent, string ParentPath, string? Name, TreeNode? Node)
{
    public string Path => Name is null ? ParentPath : ImageTree.Join(ParentPath, Name);
}
