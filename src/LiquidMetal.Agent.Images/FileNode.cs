namespace LiquidMetal.Agent.Images;

/// <param name="Content">Where the bytes are (null when the caller does not track content).</param>
internal sealed class FileNode(FileContent? content) : TreeNode
{
    public FileContent? Content { get; } = content;
}
