namespace LiquidMetal.Controller.Git;

/// <summary>One line of <c>git ls-tree -r -l -z</c>: a file below the sub-path.</summary>
/// <param name="Mode">"100644", "100755", "120000" (symlink), "160000" (submodule).</param>
/// <param name="Type">"blob" or "commit".</param>
/// <param name="Path">Relative to the sub-path, '/' separated.</param>
internal sealed record GitTreeEntry(string Mode, string Type, string ObjectId, long Size, string Path)
{
    public bool IsSymlink => Mode == "120000";
    public bool IsFile => Type == "blob" && !IsSymlink;
}
