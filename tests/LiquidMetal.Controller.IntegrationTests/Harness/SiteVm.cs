using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.IntegrationTests.Harness;

/// <summary>A controller-made VM as one agent reports it.</summary>
internal sealed record SiteVm(ObservedVm Observed, MicroVm Vm)
{
    public string Host => Observed.Host;
    public string Cluster => Observed.Cluster;
    public string Node => Observed.Node;
    public NodeRole Role => Observed.Role;
    public string VmId => Observed.VmId;
    public MicroVmState State => Observed.State;
    public bool IsLive => State != MicroVmState.Deleting;
}
