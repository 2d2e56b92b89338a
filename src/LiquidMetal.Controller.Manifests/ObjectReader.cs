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
        var spec = yaml.Mapping(specNode, "spec", "role", "failureDomain", "agent", "reserved", "overcommit", "cordoned", "maintenance", "networks");
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
            Networks = yaml.Sequence(spec, "spec", "networks", (node, path) =>
                yaml.Mapping(node, path, "name", "cidr") is { } network
                    ? new HostNetwork { Name = yaml.String(network, path, "name") ?? "", Cidr = yaml.String(network, path, "cidr") ?? "" }
                    : null),
        };
    }

    private static Cluster ReadCluster(YamlFields yaml, YamlNode? specNode, string name, IReadOnlyDictionary<string, string> labels)
    {
        var spec = yaml.Mapping(specNode, "spec", "kubernetes", "controlPlane", "workerPools", "requireHeadroom", "sshPublicKeys") ?? [];
        var kubernetes = yaml.Required(spec, "spec", "kubernetes", "version", "serviceCidr", "podCidr", "dnsDomain");
        const string Cp = "spec.controlPlane";
        var controlPlane = yaml.Required(spec, "spec", "controlPlane",
            "replicas", "endpoint", "machine", "machineTemplateRef", "allowSharedFailureDomains", "allowOvercommit", "nodeLabels", "taints");
        var endpoint = yaml.Required(controlPlane, Cp, "endpoint", "vip", "interface", "address");
        return new Cluster
        {
            Name = name,
            Labels = labels,
            KubernetesVersion = yaml.String(kubernetes, "spec.kubernetes", "version") ?? "",
            Networking = new ClusterNetworking
            {
                ServiceCidr = yaml.String(kubernetes, "spec.kubernetes", "serviceCidr") ?? ClusterNetworking.DefaultServiceCidr,
                PodCidr = yaml.String(kubernetes, "spec.kubernetes", "podCidr") ?? ClusterNetworking.DefaultPodCidr,
                DnsDomain = yaml.String(kubernetes, "spec.kubernetes", "dnsDomain") ?? ClusterNetworking.DefaultDnsDomain,
            },
            ControlPlane = new ControlPlane
            {
                Replicas = yaml.Int(controlPlane, Cp, "replicas") ?? 0,
                Endpoint = new ClusterEndpoint
                {
                    Vip = yaml.String(endpoint, $"{Cp}.endpoint", "vip"),
                    Interface = yaml.String(endpoint, $"{Cp}.endpoint", "interface"),
                    Address = yaml.String(endpoint, $"{Cp}.endpoint", "address"),
                },
                Machine = MachineReader.ReadOptional(yaml, controlPlane, Cp, "machine"),
                MachineTemplateRef = yaml.String(controlPlane, Cp, "machineTemplateRef"),
                AllowSharedFailureDomains = yaml.Bool(controlPlane, Cp, "allowSharedFailureDomains"),
                AllowOvercommit = yaml.Bool(controlPlane, Cp, "allowOvercommit"),
                NodeLabels = yaml.StringMap(controlPlane, Cp, "nodeLabels"),
                Taints = controlPlane.TryGetValue("taints", out var taints) && !YamlFields.IsNull(taints) ? ReadTaints(yaml, controlPlane, Cp) : null,
            },
            WorkerPools = yaml.Sequence(spec, "spec", "workerPools", (node, path) => ReadPool(yaml, node, path)),
            RequireHeadroom = yaml.Bool(spec, "spec", "requireHeadroom"),
            SshPublicKeys = yaml.Sequence(spec, "spec", "sshPublicKeys", (node, path) =>
                yaml.Mapping(node, path, "user", "authorizedKeys") is { } keys
                    ? new SshPublicKeys
                    {
                        User = yaml.String(keys, path, "user") ?? SshPublicKeys.DefaultUser,
                        AuthorizedKeys = yaml.Sequence(keys, path, "authorizedKeys", (key, keyPath) => ReadString(yaml, key, keyPath)),
                    }
                    : null),
        };
    }

    /// <summary>A list of <c>{key, value, effect}</c> (empty when absent or null).</summary>
    private static List<NodeTaint> ReadTaints(YamlFields yaml, Dictionary<string, YamlNode> parent, string field) =>
        yaml.Sequence(parent, field, "taints", (node, path) =>
        {
            if (yaml.Mapping(node, path, "key", "value", "effect") is not { } taint)
            {
                return null;
            }

            var effect = yaml.String(taint, path, "effect");
            TaintEffect? parsed = effect switch
            {
                "NoSchedule" => TaintEffect.NoSchedule,
                "PreferNoSchedule" => TaintEffect.PreferNoSchedule,
                "NoExecute" => TaintEffect.NoExecute,
                _ => null,
            };
            if (parsed is null)
            {
                yaml.Add($"{path}.effect", effect is null ? "is required (NoSchedule, PreferNoSchedule or NoExecute)" : $"must be NoSchedule, PreferNoSchedule or NoExecute (got '{effect}')");
            }

            return new NodeTaint { Key = yaml.String(taint, path, "key") ?? "", Value = yaml.String(taint, path, "value"), Effect = parsed ?? TaintEffect.NoSchedule };
        });

    private static string? ReadString(YamlFields yaml, YamlNode node, string field)
    {
        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }

        yaml.Add(field, "must be a string");
        return null;
    }

    private static WorkerPool? ReadPool(YamlFields yaml, YamlNode node, string field)
    {
        if (yaml.Mapping(node, field, "name", "replicas", "machine", "machineTemplateRef", "metal", "nodeLabels", "taints") is not { } pool)
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
            NodeLabels = yaml.StringMap(pool, field, "nodeLabels"),
            Taints = ReadTaints(yaml, pool, field),
        };
    }
}
