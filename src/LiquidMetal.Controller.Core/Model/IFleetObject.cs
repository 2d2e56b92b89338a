namespace LiquidMetal.Controller.Core.Model;

/// <summary>A top-level object of the declarative fleet (a manifest document): Host, Cluster or MachineTemplate.</summary>
public interface IFleetObject
{
    /// <summary>The manifest kind, as written in YAML (<c>Host</c>, <c>Cluster</c>, <c>MachineTemplate</c>).</summary>
    string Kind { get; }

    string Name { get; }

    IReadOnlyDictionary<string, string> Labels { get; }
}
