namespace LiquidMetal.Agent.Images;

internal sealed class DirectoryNode : TreeNode
{
    public Dictionary<string, TreeNode> Children { get; } = new(StringComparer.Ordinal);
}
