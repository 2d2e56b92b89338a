namespace LiquidMetal.Agent.Images;

/// <summary>What a cached artifact is.</summary>
public enum ArtifactKind
{
    /// <summary>An ext4 volume image built from an image, for one size.</summary>
    Volume,

    /// <summary>One file taken out of an image (a kernel, an initrd).</summary>
    File,
}
