namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>
/// Whether the control-plane nodes on a host could all be re-placed on the others if it failed;
/// <see cref="Details"/> says where each would go, or why it could not.
/// </summary>
public sealed record HostHeadroom(string Host, bool CanReplaceControlPlane, IReadOnlyList<string> Details);
