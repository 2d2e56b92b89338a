namespace LiquidMetal.Core.Ports;

/// <summary>What a VM needs from an image.</summary>
/// <param name="VmUid">The VM that will hold a reference to what is returned.</param>
/// <param name="Reference">The image reference from the spec.</param>
/// <param name="Filename">The file inside the image (kernels and initrds); null for volumes.</param>
/// <param name="Use">Whether it becomes a kernel, an initrd or a volume.</param>
/// <param name="SizeMiB">A volume's requested size; null: as small as the image allows.</param>
public sealed record ImageRequest(string VmUid, string Reference, string? Filename, ImageUse Use, int? SizeMiB = null);
