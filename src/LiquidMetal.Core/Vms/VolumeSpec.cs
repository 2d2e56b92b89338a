namespace LiquidMetal.Core.Vms;

/// <summary>A disk attached to the VM, built from an image (container_source) or a host path (virtiofs_source).</summary>
public sealed record VolumeSpec
{
    public required string Id { get; init; }
    public bool IsReadOnly { get; init; }
    public string? MountPoint { get; init; }
    public string? ContainerSource { get; init; }
    public string? VirtiofsSource { get; init; }
    public string? PartitionId { get; init; }

    /// <summary>Size of the VM's disk; larger than the image grows it (flintlock ignores this field).</summary>
    public int? SizeMiB { get; init; }
}
