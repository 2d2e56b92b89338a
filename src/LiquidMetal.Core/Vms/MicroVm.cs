namespace LiquidMetal.Core.Vms;

/// <summary>A stored microVM: identity, spec, status. Version increases on every persisted change.</summary>
public sealed record MicroVm
{
    public required string Uid { get; init; }
    public int Version { get; init; } = 1;
    public required MicroVmSpec Spec { get; init; }
    public MicroVmStatus Status { get; init => field = value ?? new(); } = new();
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }

    public string Namespace => Spec.Namespace;
    public string Id => Spec.Id;
    public bool IsDeleting => Status.State == MicroVmState.Deleting;
}
