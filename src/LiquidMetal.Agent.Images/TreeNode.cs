namespace LiquidMetal.Agent.Images;

/// <summary>A node of the merged image tree. Hard links share one node instance.</summary>
internal abstract class TreeNode;
