namespace LiquidMetal.Controller.Core.Model;

/// <summary>An immutable snapshot of the desired fleet: hosts, clusters and machine templates, each sorted by name.</summary>
public sealed record Fleet
{
    public IReadOnlyList<Host> Hosts { get; init; } = [];
    public IReadOnlyList<Cluster> Clusters { get; init; } = [];
    public IReadOnlyList<MachineTemplate> Templates { get; init; } = [];

    public static Fleet Empty { get; } = new();

    public MachineTemplate? FindTemplate(string name) =>
        Templates.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>The machine an inline spec or a template reference stands for; null when neither resolves.</summary>
    public MachineSpec? ResolveMachine(MachineSpec? inline, string? templateRef) =>
        inline ?? (templateRef is null ? null : FindTemplate(templateRef)?.Machine);
}
