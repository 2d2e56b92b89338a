using System.Globalization;
using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Validation;

namespace LiquidMetal.Bootstrap.Bench;

/// <summary>
/// A valid fleet of <c>count</c> clusters (3 control-plane nodes, a pool of 3 workers) on 3 hosts sharing one /16 node
/// network, every supported Kubernetes release in turn (so both kubeadm formats), each cluster with its own VIP, node
/// labels, a worker taint and an SSH key; and the render request of every node.
/// </summary>
internal static class ClusterGenerator
{
    private const string SshKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPC3lczVuuXqL0CA2ZzvTSZsYiS7hVGtEM+Ly5aMWuli ops@site";

    public static IReadOnlyList<NodeBootstrapRequest> Requests(int count, BootstrapPki pki)
    {
        var fleet = Fleet(count);
        var token = BootstrapToken.Parse("abcdef.0123456789abcdef");
        var requests = new List<NodeBootstrapRequest>(count * 6);
        var index = 0;
        foreach (var cluster in fleet.Clusters)
        {
            foreach (var node in FleetNodes.Expand(fleet, cluster))
            {
                var action = node.Role == NodeRole.Worker ? BootstrapAction.JoinWorker
                    : node.Name.EndsWith("-cp-0", StringComparison.Ordinal) ? BootstrapAction.InitControlPlane
                    : BootstrapAction.JoinControlPlane;
                requests.Add(new NodeBootstrapRequest
                {
                    Cluster = cluster,
                    Node = node,
                    Action = action,
                    HostName = fleet.Hosts[index++ % fleet.Hosts.Count].Name,
                    Pki = action == BootstrapAction.JoinWorker ? pki.ForWorker() : pki,
                    Token = token,
                });
            }
        }

        return requests;
    }

    private static Fleet Fleet(int count)
    {
        var machine = new MachineSpec { Vcpus = 2, MemoryMiB = 4096, Kernel = new MachineKernel { Image = "vmlinuz" }, RootVolume = new MachineVolume { Image = "node.ext4" } };
        var objects = new List<IFleetObject>();
        for (var i = 1; i <= 3; i++)
        {
            objects.Add(new Host
            {
                Name = $"sled-{i}",
                Role = HostRole.Kvm,
                FailureDomain = $"sled-{i}",
                Agent = new AgentConnection { Endpoint = $"10.20.0.{i}:9090" },
                Networks = [new HostNetwork { Name = "nodes", Cidr = "10.20.0.0/16" }],
            });
        }

        var releases = KubernetesReleases.All;
        for (var i = 0; i < count; i++)
        {
            var release = releases[i % releases.Count];
            objects.Add(new Cluster
            {
                Name = string.Create(CultureInfo.InvariantCulture, $"cluster-{i:D4}"),
                KubernetesVersion = $"{release.Name}.{i % 10}",
                ControlPlane = new ControlPlane
                {
                    Replicas = 3,
                    Endpoint = new ClusterEndpoint { Vip = string.Create(CultureInfo.InvariantCulture, $"10.20.{1 + (i / 250)}.{1 + (i % 250)}") },
                    Machine = machine,
                    NodeLabels = new Dictionary<string, string> { ["example.com/tier"] = "control" },
                },
                WorkerPools =
                [
                    new WorkerPool
                    {
                        Name = "vm",
                        Replicas = 3,
                        Machine = machine,
                        NodeLabels = new Dictionary<string, string> { ["example.com/pool"] = "vm", ["topology.kubernetes.io/zone"] = "edge" },
                        Taints = [new NodeTaint { Key = "example.com/dedicated", Value = "apps", Effect = TaintEffect.NoSchedule }],
                    },
                ],
                SshPublicKeys = [new SshPublicKeys { AuthorizedKeys = [SshKey] }],
            });
        }

        var document = 0;
        var result = FleetValidator.Validate([.. objects.Select(o => new ManifestObject(new ManifestLocation("generated", ++document, o.Kind, o.Name), o))]);
        return result.Fleet ?? throw new InvalidOperationException("the generated fleet is invalid:\n" + string.Join("\n", result.Errors.Take(10)));
    }
}
