namespace LiquidMetal.Controller.Core.Scheduling;

public sealed record HeadroomReport(IReadOnlyList<HostHeadroom> Hosts, IReadOnlyList<AdmissionRefusal> Refused)
{
    /// <summary>True when the control-plane nodes of any single failed host could be re-placed.</summary>
    public bool SurvivesAnyHostFailure => Hosts.All(h => h.CanReplaceControlPlane);
}
