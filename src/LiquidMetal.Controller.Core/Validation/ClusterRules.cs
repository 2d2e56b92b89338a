using System.Text.RegularExpressions;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Validation;

namespace LiquidMetal.Controller.Core.Validation;

/// <summary>Checks a cluster against itself and the rest of the fleet (template references, metal selectors).</summary>
internal static partial class ClusterRules
{
    public const int MaxPoolReplicas = 1000;

    [GeneratedRegex(@"^v\d{1,3}\.\d{1,3}\.\d{1,3}([-+][0-9A-Za-z.-]{1,64})?$")]
    private static partial Regex KubernetesVersionRegex();

    public static bool IsVersionSyntax(string version) => KubernetesVersionRegex().IsMatch(version);

    public static void Check(ManifestErrors errors, Cluster cluster, IReadOnlySet<string> templates, IReadOnlyList<Host> hosts)
    {
        errors.AddIf(cluster.KubernetesVersion is null || !KubernetesVersionRegex().IsMatch(cluster.KubernetesVersion),
            "spec.kubernetes.version", $"must be a Kubernetes version like v1.30.14 (got '{cluster.KubernetesVersion}')");
        BootstrapRules.Check(errors, cluster, hosts);
        CheckControlPlane(errors, cluster, templates);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cluster.WorkerPools.Count; i++)
        {
            CheckPool(errors, $"spec.workerPools[{i}]", cluster, cluster.WorkerPools[i], names, templates, hosts);
        }
    }

    private static void CheckControlPlane(ManifestErrors errors, Cluster cluster, IReadOnlySet<string> templates)
    {
        var controlPlane = cluster.ControlPlane;
        if (controlPlane is null)
        {
            errors.Add("spec.controlPlane", "is required");
            return;
        }

        errors.AddIf(controlPlane.Replicas is not (1 or 3 or 5), "spec.controlPlane.replicas", "must be 1, 3 or 5");
        CheckEndpoint(errors, controlPlane.Endpoint);
        CheckMachineSource(errors, "spec.controlPlane", controlPlane.Machine, controlPlane.MachineTemplateRef, templates);
        CheckNodeNames(errors, "metadata.name", cluster.Name, NodeNames.ControlPlanePool, Math.Max(controlPlane.Replicas, 1));
    }

    private static void CheckEndpoint(ManifestErrors errors, ClusterEndpoint? endpoint)
    {
        const string Field = "spec.controlPlane.endpoint";
        if (endpoint is null || (endpoint.Vip is null) == (endpoint.Address is null))
        {
            errors.Add(Field, "set exactly one of vip and address");
            return;
        }

        if (endpoint.Vip is { } vip)
        {
            errors.Check($"{Field}.vip", Syntax.IpAddress(vip));
        }
        else
        {
            errors.Check($"{Field}.address", EndpointSyntax.HostPort(endpoint.Address));
        }
    }

    private static void CheckPool(ManifestErrors errors, string field, Cluster cluster, WorkerPool pool, HashSet<string> names,
        IReadOnlySet<string> templates, IReadOnlyList<Host> hosts)
    {
        if (Syntax.Name(pool.Name) is { } problem)
        {
            errors.Add($"{field}.name", problem);
        }
        else if (pool.Name == NodeNames.ControlPlanePool)
        {
            errors.Add($"{field}.name", $"'{NodeNames.ControlPlanePool}' is reserved for control-plane node names");
        }
        else if (!names.Add(pool.Name))
        {
            errors.Add($"{field}.name", $"duplicate pool name '{pool.Name}'");
        }
        else
        {
            CheckNodeNames(errors, $"{field}.name", cluster.Name, pool.Name, Math.Max(pool.Replicas, 1));
        }

        errors.AddIf(pool.Replicas is < 0 or > MaxPoolReplicas, $"{field}.replicas", $"must be between 0 and {MaxPoolReplicas} (got {pool.Replicas})");
        if (pool.Metal is not { } metal)
        {
            CheckMachineSource(errors, field, pool.Machine, pool.MachineTemplateRef, templates);
            return;
        }

        errors.AddIf(pool.Machine is not null || pool.MachineTemplateRef is not null, field,
            "a metal pool takes whole hosts: set metal, or machine/machineTemplateRef, not both");
        CommonRules.CheckLabels(errors, $"{field}.metal.hostSelector", metal.HostSelector);
        var metalHosts = hosts.Where(h => h.Role == HostRole.Metal).ToList();
        errors.AddIf(pool.Replicas > 0 && !metalHosts.Any(metal.Matches), $"{field}.metal.hostSelector",
            $"{metal} matches no metal Host ({(metalHosts.Count == 0 ? "there are none" : "metal hosts: " + string.Join(", ", metalHosts.Select(h => h.Name)))})");
    }

    private static void CheckMachineSource(ManifestErrors errors, string field, MachineSpec? machine, string? templateRef, IReadOnlySet<string> templates)
    {
        if ((machine is null) == (templateRef is null))
        {
            errors.Add(field, "set exactly one of machine and machineTemplateRef");
        }

        if (machine is not null)
        {
            MachineRules.Check(errors, $"{field}.machine", machine);
        }

        errors.AddIf(templateRef is not null && !templates.Contains(templateRef), $"{field}.machineTemplateRef",
            $"MachineTemplate '{templateRef}' is not declared ({(templates.Count == 0 ? "there are none" : "known: " + string.Join(", ", templates.Order(StringComparer.Ordinal)))})");
    }

    /// <summary>The longest node name must still be a valid microVM id.</summary>
    private static void CheckNodeNames(ManifestErrors errors, string field, string cluster, string pool, int replicas)
    {
        if (Syntax.Name(cluster) is not null)
        {
            return;
        }

        var longest = NodeNames.Worker(cluster, pool, replicas - 1);
        errors.AddIf(Syntax.Name(longest) is not null, field,
            $"node names like '{longest}' ({longest.Length} characters) would not be valid microVM ids (at most 63); shorten the cluster or pool name");
    }
}
