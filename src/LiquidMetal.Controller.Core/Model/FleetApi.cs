namespace LiquidMetal.Controller.Core.Model;

/// <summary>The manifest API group/version and kinds the controller understands.</summary>
public static class FleetApi
{
    public const string Version = "liquidmetal.dev/v1alpha1";
    public const string HostKind = "Host";
    public const string ClusterKind = "Cluster";
    public const string MachineTemplateKind = "MachineTemplate";

    /// <summary>Labels the controller puts on every microVM it creates.</summary>
    public const string ClusterLabel = "liquidmetal.dev/cluster";
    public const string RoleLabel = "liquidmetal.dev/role";
    public const string PoolLabel = "liquidmetal.dev/pool";
    public const string SpecHashLabel = "liquidmetal.dev/spec-hash";

    public static IReadOnlyList<string> Kinds { get; } = [HostKind, ClusterKind, MachineTemplateKind];

    internal static readonly IReadOnlyDictionary<string, string> NoLabels = new SortedDictionary<string, string>(StringComparer.Ordinal);
}
