using System.Net;
using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Validation;

namespace LiquidMetal.Controller.Core.Validation;

/// <summary>
/// What a cluster's nodes need to bootstrap: a Kubernetes release with a template, sound service/pod ranges, a
/// control-plane endpoint that fits the hosts' networks, node labels and taints the kubelet accepts, SSH keys.
/// </summary>
internal static class BootstrapRules
{
    /// <summary>The API server refuses service ranges of more than 2^20 addresses; kubeadm needs room for .1 and .10.</summary>
    private const int MaxServiceHostBits = 20;
    private const int MinServiceHostBits = 4;

    /// <summary>The controller manager gives each node a /24 (IPv4) or /64 (IPv6) of the pod range, for at most 2^16 nodes.</summary>
    private const int NodeMaskV4 = 24;
    private const int NodeMaskV6 = 64;
    private const int MaxNodeBits = 16;

    public static void Check(ManifestErrors errors, Cluster cluster, IReadOnlyList<Host> hosts)
    {
        CheckRelease(errors, cluster.KubernetesVersion);
        var ranges = CheckNetworking(errors, cluster.Networking ?? ClusterNetworking.Default, hosts);
        if (cluster.ControlPlane is { } controlPlane)
        {
            if (controlPlane.Endpoint is { } endpoint)
            {
                CheckEndpoint(errors, endpoint, hosts, ranges);
            }

            CheckNodeLabels(errors, "spec.controlPlane.nodeLabels", controlPlane.NodeLabels);
            CheckTaints(errors, "spec.controlPlane.taints", controlPlane.Taints ?? []);
        }

        for (var i = 0; i < cluster.WorkerPools.Count; i++)
        {
            CheckNodeLabels(errors, $"spec.workerPools[{i}].nodeLabels", cluster.WorkerPools[i].NodeLabels);
            CheckTaints(errors, $"spec.workerPools[{i}].taints", cluster.WorkerPools[i].Taints);
        }

        CheckSshKeys(errors, cluster.SshPublicKeys);
    }

    private static void CheckRelease(ManifestErrors errors, string? version)
    {
        if (version is not null && ClusterRules.IsVersionSyntax(version) && KubernetesReleases.Find(version) is null)
        {
            errors.Add("spec.kubernetes.version", $"Kubernetes {version} has no bootstrap template (supported: {KubernetesReleases.SupportedRange})");
        }
    }

    /// <summary>The cluster's service and pod networks (those that parsed).</summary>
    private static List<(string Name, IPNetwork Network)> CheckNetworking(ManifestErrors errors, ClusterNetworking networking, IReadOnlyList<Host> hosts)
    {
        var ranges = new List<(string Name, IPNetwork Network)>();
        if (KubernetesSyntax.NetworkCidr(networking.ServiceCidr, out var services) is { } serviceProblem)
        {
            errors.Add("spec.kubernetes.serviceCidr", serviceProblem);
        }
        else
        {
            var hostBits = Bits(services) - services.PrefixLength;
            errors.AddIf(hostBits > MaxServiceHostBits, "spec.kubernetes.serviceCidr",
                $"{networking.ServiceCidr} is too large: the API server allows at most 2^{MaxServiceHostBits} service addresses (/{Bits(services) - MaxServiceHostBits} or longer)");
            errors.AddIf(hostBits < MinServiceHostBits, "spec.kubernetes.serviceCidr",
                $"{networking.ServiceCidr} is too small: give at least /{Bits(services) - MinServiceHostBits} (kubeadm takes the 1st and 10th addresses)");
            ranges.Add(("service", services));
        }

        if (KubernetesSyntax.NetworkCidr(networking.PodCidr, out var pods) is { } podProblem)
        {
            errors.Add("spec.kubernetes.podCidr", podProblem);
        }
        else
        {
            var nodeMask = pods.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? NodeMaskV4 : NodeMaskV6;
            errors.AddIf(pods.PrefixLength > nodeMask || nodeMask - pods.PrefixLength > MaxNodeBits, "spec.kubernetes.podCidr",
                $"{networking.PodCidr} does not fit: each node gets a /{nodeMask}, so the prefix must be between /{nodeMask - MaxNodeBits} and /{nodeMask}");
            ranges.Add(("pod", pods));
        }

        if (ranges.Count == 2)
        {
            errors.AddIf(services.BaseAddress.AddressFamily != pods.BaseAddress.AddressFamily, "spec.kubernetes.podCidr",
                "must be of the same IP family as serviceCidr (clusters are single-stack)");
            errors.AddIf(KubernetesSyntax.Overlap(services, pods), "spec.kubernetes.podCidr",
                $"{networking.PodCidr} overlaps serviceCidr {networking.ServiceCidr}");
        }

        foreach (var (name, range) in ranges)
        {
            foreach (var (host, network) in HostNetworks(hosts))
            {
                if (KubernetesSyntax.Overlap(range, network.Network))
                {
                    errors.Add($"spec.kubernetes.{name}Cidr", $"{range} overlaps network {network.Name} ({network.Cidr}) of Host {host.Name}; pick a range the site does not use");
                    break;
                }
            }
        }

        errors.Check("spec.kubernetes.dnsDomain", KubernetesSyntax.DnsSubdomain(networking.DnsDomain));
        return ranges;
    }

    private static void CheckEndpoint(ManifestErrors errors, ClusterEndpoint endpoint, IReadOnlyList<Host> hosts, List<(string Name, IPNetwork Network)> ranges)
    {
        const string Field = "spec.controlPlane.endpoint";
        if (endpoint.Interface is { } nic)
        {
            errors.AddIf(endpoint.Vip is null, $"{Field}.interface", "only applies to a vip (kube-vip announces it there)");
            errors.Check($"{Field}.interface", Syntax.LinuxInterfaceName(nic));
        }

        if (endpoint.Vip is not { } vip || Syntax.IpAddress(vip) is not null)
        {
            return;
        }

        var address = IPAddress.Parse(vip);
        foreach (var (name, range) in ranges)
        {
            errors.AddIf(range.Contains(address), $"{Field}.vip", $"{vip} is inside the cluster's {name} range {range}");
        }

        foreach (var host in hosts)
        {
            errors.AddIf(host.Agent is { } agent && AgentAddress(agent.Endpoint) is { } agentAddress && agentAddress.Equals(address), $"{Field}.vip",
                $"{vip} is the address of Host {host.Name}'s agent");
        }

        var kvmNetworks = HostNetworks(hosts.Where(h => h.Role == HostRole.Kvm)).ToList();
        if (kvmNetworks.Count == 0)
        {
            return; // No host declares its networks: nothing to check the VIP against.
        }

        var containing = kvmNetworks.Where(n => n.Network.Network.Contains(address)).ToList();
        if (containing.Count == 0)
        {
            var known = kvmNetworks.Select(n => $"{n.Network.Cidr}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            errors.Add($"{Field}.vip", $"{vip} is outside every kvm host's networks ({string.Join(", ", known.Take(8))}{(known.Count > 8 ? ", ..." : "")}); " +
                "kube-vip announces it by ARP, so it must be on the control-plane nodes' network");
            return;
        }

        var (host0, network) = containing[0];
        errors.AddIf(KubernetesSyntax.IsNetworkOrBroadcast(address, network.Network), $"{Field}.vip",
            $"{vip} is the {(address.Equals(network.Network.BaseAddress) ? "network" : "broadcast")} address of {network.Cidr} (network {network.Name} of Host {host0.Name}); pick a host address");
    }

    private static void CheckNodeLabels(ManifestErrors errors, string field, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in labels)
        {
            var path = $"{field}[{key}]";
            if (KubernetesSyntax.QualifiedName(key) is { } problem)
            {
                errors.Add(path, problem);
            }
            else
            {
                errors.Check(path, KubernetesSyntax.KubeletLabel(key));
            }

            errors.Check(path, KubernetesSyntax.LabelValue(value));
        }
    }

    private static void CheckTaints(ManifestErrors errors, string field, IReadOnlyList<NodeTaint> taints)
    {
        var seen = new HashSet<(string, TaintEffect)>();
        for (var i = 0; i < taints.Count; i++)
        {
            var taint = taints[i];
            var path = $"{field}[{i}]";
            errors.Check($"{path}.key", KubernetesSyntax.QualifiedName(taint.Key));
            errors.Check($"{path}.value", KubernetesSyntax.LabelValue(taint.Value));
            if (!Enum.IsDefined(taint.Effect))
            {
                errors.Add($"{path}.effect", "must be NoSchedule, PreferNoSchedule or NoExecute");
            }
            else if (taint.Key is not null && !seen.Add((taint.Key, taint.Effect)))
            {
                errors.Add(path, $"duplicate taint {taint.Key}:{taint.Effect} (a key may appear once per effect)");
            }
        }
    }

    private static void CheckSshKeys(ManifestErrors errors, IReadOnlyList<SshPublicKeys> keys)
    {
        var users = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            var path = $"spec.sshPublicKeys[{i}]";
            if (KubernetesSyntax.UserName(keys[i].User) is { } problem)
            {
                errors.Add($"{path}.user", problem);
            }
            else
            {
                errors.AddIf(!users.Add(keys[i].User), $"{path}.user", $"user {keys[i].User} is listed twice; put all its keys in one entry");
            }

            errors.AddIf(keys[i].AuthorizedKeys.Count == 0, $"{path}.authorizedKeys", "needs at least one key");
            for (var j = 0; j < keys[i].AuthorizedKeys.Count; j++)
            {
                errors.Check($"{path}.authorizedKeys[{j}]", KubernetesSyntax.SshAuthorizedKey(keys[i].AuthorizedKeys[j]));
            }
        }
    }

    /// <summary>Each host's networks that parse, with the host.</summary>
    private static IEnumerable<(Host Host, (string Name, string Cidr, IPNetwork Network) Network)> HostNetworks(IEnumerable<Host> hosts)
    {
        foreach (var host in hosts)
        {
            foreach (var network in host.Networks)
            {
                if (KubernetesSyntax.NetworkCidr(network.Cidr, out var parsed) is null)
                {
                    yield return (host, (network.Name, network.Cidr, parsed));
                }
            }
        }
    }

    private static IPAddress? AgentAddress(string? endpoint)
    {
        if (endpoint is null || EndpointSyntax.HostPort(endpoint) is not null)
        {
            return null;
        }

        var rest = endpoint.Contains("://", StringComparison.Ordinal) ? endpoint[(endpoint.IndexOf("://", StringComparison.Ordinal) + 3)..] : endpoint;
        var host = rest[..rest.LastIndexOf(':')].Trim('[', ']');
        return IPAddress.TryParse(host, out var address) ? address : null;
    }

    private static int Bits(IPNetwork network) => network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
}
