namespace LiquidMetal.Agent.Images;

/// <summary>A built ext4 volume image.</summary>
/// <param name="SizeBytes">Its size as a disk.</param>
/// <param name="AllocatedBytes">What the (sparse) file occupies on the host.</param>
/// <param name="Uuid">The filesystem UUID, derived from the image digest.</param>
/// <param name="ContentBytes">The estimated space the root tree needs (files rounded to blocks, directories).</param>
public sealed record Ext4Volume(string Path, long SizeBytes, long AllocatedBytes, Guid Uuid, long ContentBytes, long Inodes);
