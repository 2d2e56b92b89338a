using LiquidMetal.Controller.Core.Model;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Controller.Manifests;

/// <summary>Reads one manifest document (apiVersion, kind, metadata, spec) into a fleet object.</summary>
internal static class ObjectReader
{
    /// <summary>The object, or null when the kind is unknown; errors go to <paramref name="yaml"/>; kind/name as far as known.</summary>
    public static IFleetObject? Read(YamlFields yaml, YamlNode root, out string? kind, out string? name)
    {
        kind = null;
        name = null;
        var document = yaml.Mapping(root, "", "apiVersion", "kind", "metadata", "spec");
        if (document is null)
        {
            yaml.Add("", "must be a mapping with apiVersion, kind, metadata and spec");
            return null;
        }

        var apiVersion = yaml.String(document, "", "apiVersion");
        if (apiVersion != FleetApi.Version)
        {
            yaml.Add("apiVersion", apiVersion is null ? $"is required ({FleetApi.Version})" : $"must be {FleetApi.Version} (got '{apiVersion}')");
        }

        kind = yaml.String(document, "", "kind");
        var metadata = yaml.Required(document, "", "metadata", "name", "labels");
        name = yaml.String(metadata, "metadata", "name");
        var labels = yaml.StringMap(metadata, "metadata", "labels");
        if (name is null)
        {
            yaml.Add("metadata.name", "is required");
        }

        var spec = document.GetValueOrDefault("spec");
        if (spec is null && kind is not null && FleetApi.Kinds.Contains(kind))
        {
            yaml.Add("spec", "is required");
        }

        switch (kind)
        {
            case FleetApi.HostKind:
                return ReadHost(yaml, spec, name ?? "", labels);
            case FleetApi.ClusterKind:
                return ReadCluster(yaml, spec, name ?? "", labels);
            case FleetApi.MachineTemplateKind:
                return new MachineTemplate { Name = name ?? "", Labels = labels, Machine = MachineReader.Read(yaml, MachineReader.ReadSpecMapping(yaml, spec), "spec") };
            default:
                yaml.Add("kind", kind is null
                    ? $"is required (one of {string.Join(", ", FleetApi.Kinds)})"
                    : $"must be one of {string.Join(", ", FleetApi.Kinds)} (got '{kind}')");
                return null;
        }
    }

    private static Host ReadHost(YamlFields yaml, YamlNode? specNode, string name, IReadOnlyDictionary<string, string> labels)
    {
        var spec = yaml.Mapping(specNode, "spec", "role", "failureDomain", "agent", "reserved", "overcommit", "cordoned", "maintenance");
        var role = yaml.String(spec, "spec", "role");
        HostRole? parsedRole = role switch { "kvm" => HostRole.Kvm, "metal" => HostRole.Metal, _ => null };
        if (parsedRole is null)
        {
            yaml.Add("spec.role", role is null ? "is required (kvm or metal)" : $"must be kvm or metal (got '{role}')");
        }

        var agent = yaml.Optional(spec, "spec", "agent", "endpoint", "caFile", "tokenFile", "tokenSecretRef");
        var reserved = yaml.Optional(spec, "spec", "reserved", "cpus", "memoryMiB");
        var overcommit = yaml.Optional(spec, "spec", "overcommit", "cpu", "memory");
        return new Host
        {
            Name = name,
            Labels = labels,
            Role = parsedRole ?? HostRole.Kvm,
            FailureDomain = yaml.String(spec, "spec", "failureDomain") ?? name,
            Agent = agent is null ? null : new AgentConnection
            {
                Endpoint = yaml.String(agent, "spec.agent", "endpoint") ?? "",
                CaFile = yaml.String(agent, "spec.agent", "caFile"),
                TokenFile = yaml.String(agent, "spec.agent", "tokenFile"),
                TokenSecretRef = yaml.String(agent, "spec.agent", "tokenSecretRef"),
            },
            Reserved = new ResourceAmount(yaml.Int(reserved, "spec.reserved", "cpus") ?? 0, yaml.Long(reserved, "spec.reserved", "memoryMiB") ?? 0),
            Overcommit = new OvercommitRatios(yaml.Double(overcommit, "spec.overcommit", "cpu") ?? 1.0, yaml.Double(overcommit, "spec.overcommit", "memory") ?? 1.0),
            Cordoned = yaml.Bool(spec, "spec", "cordoned"),
            Maintenance = yaml.Bool(spec, "spec", "maintenance"),
        };
    }

    private static Cluster ReadCluster(YamlFields yaml, YamlNode? specNode, string name, IReadOnlyDictionary<string, string> labels)
    {
        var spec = yaml.Mapping(specNode, "spec", "kubernetes", "controlPlane", "workerPools", "requireHeadroom") ?? [];
        var kubernetes = yaml.Required(spec, "spec", "kubernetes", "version");
        const string Cp = "spec.controlPlane";
        var controlPlane = yaml.Required(spec, "spec", "controlPlane",
            "replicas", "endpoint", "machine", "machineTemplateRef", "allowSharedFailureDomains", "allowOvercommit");
        var endpoint = yaml.Required(controlPlane, Cp, "endpoint", "vip", "address");
        return new Cluster
        {
            Name = name,
            Labels = labels,
            KubernetesVersion = yaml.String(kubernetes, "spec.kubernetes", "version") ?? "",
            ControlPlane = new ControlPlane
            {
                Replicas = yaml.Int(controlPlane, Cp, "replicas") ?? 0,
                Endpoint = new ClusterEndpoint { Vip = yaml.String(endpoint, $"{Cp}.endpoint", "vip"), Address = yaml.String(endpoint, $"{Cp}.endpoint", "address") },
                Machine = MachineReader.ReadOptional(yaml, controlPlane, Cp, "machine"),
                MachineTemplateRef = yaml.String(controlPlane, Cp, "machineTemplateRef"),
                AllowSharedFailureDomains = yaml.Bool(controlPlane, Cp, "allowSharedFailureDomains"),
                AllowOvercommit = yaml.Bool(controlPlane, Cp, "allowOvercommit"),
            },
            WorkerPools = yaml.Sequence(spec, "spec", "workerPools", (node, path) => ReadPool(yaml, node, path)),
            RequireHeadroom = yaml.Bool(spec, "spec", "requireHeadroom"),
        };
    }

    private static WorkerPool? ReadPool(YamlFields yaml, YamlNode node, string field)
    {
        if (yaml.Mapping(node, field, "name", "replicas", "machine", "machineTemplateRef", "metal") is not { } pool)
        {
            return null;
        }

        var metal = yaml.Optional(pool, field, "metal", "hostSelector");
        return new WorkerPool
        {
            Name = yaml.String(pool, field, "name") ?? "",
            Replicas = yaml.Int(pool, field, "replicas") ?? 0,
            Machine = MachineReader.ReadOptional(yaml, pool, field, "machine"),
            MachineTemplateRef = yaml.String(pool, field, "machineTemplateRef"),
            Metal = metal is null ? null : new MetalPool { HostSelector = yaml.StringMap(metal, $"{field}.metal", "hostSelector") },
        };
    }
}
