using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>The VM a microVM node should have: its agent spec (id = <see cref="VmId"/>), and the spec hash.</summary>
public sealed record NodeVm(DesiredNode Node, NodeMachine Machine, string VmId)
{
    public string SpecHash => Machine.SpecHash;
}
