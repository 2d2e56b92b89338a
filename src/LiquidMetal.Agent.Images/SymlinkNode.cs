namespace LiquidMetal.Agent.Images;

internal sealed class SymlinkNode(string target) : TreeNode
{
    public string Target { get; } = target;
}
