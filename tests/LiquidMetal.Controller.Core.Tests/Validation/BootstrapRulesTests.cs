using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Validation;

namespace LiquidMetal.Controller.Core.Tests.Validation;

/// <summary>What a cluster's bootstrap needs, checked at plan time through <see cref="FleetValidator"/>, every error at once.</summary>
public class BootstrapRulesTests
{
    private static readonly Host[] Site =
    [
        TestFleets.Kvm("sled-1") with { Networks = [new HostNetwork { Name = "nodes", Cidr = "10.0.0.0/24" }], Agent = new AgentConnection { Endpoint = "10.0.0.11:9090" } },
        TestFleets.Kvm("sled-2") with { Networks = [new HostNetwork { Name = "nodes", Cidr = "10.0.0.0/24" }, new HostNetwork { Name = "storage", Cidr = "172.16.0.0/16" }] },
    ];

    private static List<string> Errors(params IFleetObject[] items)
    {
        var document = 0;
        return [.. FleetValidator.Validate([.. items.Select(i => new ManifestObject(new ManifestLocation("fleet/all.yaml", ++document, i.Kind, i.Name), i))])
            .Errors.Select(e => e.ToString())];
    }

    private static Cluster WithVip(string name, string vip) =>
        TestFleets.Cluster(name) with { ControlPlane = TestFleets.Cluster(name).ControlPlane with { Endpoint = new ClusterEndpoint { Vip = vip } } };

    private static IFleetObject[] OnSite(params IFleetObject[] clusters) => [.. Site, .. clusters];

    [Fact]
    public void Validate_DefaultsOnDeclaredNetworks_Valid()
    {
        Assert.Empty(Errors(OnSite(WithVip("cluster-a", "10.0.0.100"), WithVip("cluster-b", "10.0.0.101"))));
    }

    [Fact]
    public void Validate_VersionWithoutTemplate_NamesTheSupportedRange()
    {
        var errors = Errors(OnSite(WithVip("cluster-a", "10.0.0.100") with { KubernetesVersion = "v1.28.9" }));

        Assert.Equal(["fleet/all.yaml: document 3 (Cluster cluster-a): spec.kubernetes.version: Kubernetes v1.28.9 has no bootstrap template (supported: v1.29 to v1.33)"], errors);
    }

    [Fact]
    public void Validate_VipOutsideEveryHostNetwork_ListsTheNetworks()
    {
        var errors = Errors(OnSite(WithVip("cluster-a", "192.168.1.100")));

        Assert.Equal(["fleet/all.yaml: document 3 (Cluster cluster-a): spec.controlPlane.endpoint.vip: 192.168.1.100 is outside every kvm host's networks (10.0.0.0/24, 172.16.0.0/16); kube-vip announces it by ARP, so it must be on the control-plane nodes' network"], errors);
    }

    [Fact]
    public void Validate_NoHostDeclaresNetworks_VipNotCheckedAgainstThem()
    {
        Assert.Empty(Errors(TestFleets.Kvm("sled-1"), WithVip("cluster-a", "192.168.1.100")));
    }

    [Theory]
    [InlineData("10.0.0.0", "network")]
    [InlineData("10.0.0.255", "broadcast")]
    public void Validate_VipIsNetworkOrBroadcastAddress_Refused(string vip, string kind)
    {
        var errors = Errors(OnSite(WithVip("cluster-a", vip)));

        Assert.Equal([$"fleet/all.yaml: document 3 (Cluster cluster-a): spec.controlPlane.endpoint.vip: {vip} is the {kind} address of 10.0.0.0/24 (network nodes of Host sled-1); pick a host address"], errors);
    }

    [Fact]
    public void Validate_VipIsAnAgentsAddress_Refused()
    {
        var errors = Errors(OnSite(WithVip("cluster-a", "10.0.0.11")));

        Assert.Equal(["fleet/all.yaml: document 3 (Cluster cluster-a): spec.controlPlane.endpoint.vip: 10.0.0.11 is the address of Host sled-1's agent"], errors);
    }

    [Fact]
    public void Validate_EndpointUsedTwice_PointsToTheFirstCluster()
    {
        var external = TestFleets.Cluster("cluster-c") with { ControlPlane = TestFleets.Cluster("c").ControlPlane with { Endpoint = new ClusterEndpoint { Address = "https://API.example:6443" } } };
        var sameLb = TestFleets.Cluster("cluster-d") with { ControlPlane = TestFleets.Cluster("d").ControlPlane with { Endpoint = new ClusterEndpoint { Address = "api.example:6443" } } };
        var otherPort = TestFleets.Cluster("cluster-e") with { ControlPlane = TestFleets.Cluster("e").ControlPlane with { Endpoint = new ClusterEndpoint { Address = "api.example:7443" } } };
        var vipAsAddress = TestFleets.Cluster("cluster-f") with { ControlPlane = TestFleets.Cluster("f").ControlPlane with { Endpoint = new ClusterEndpoint { Address = "10.0.0.100:443" } } };

        var errors = Errors(OnSite(WithVip("cluster-a", "10.0.0.100"), WithVip("cluster-b", "10.0.0.100"), external, sameLb, otherPort, vipAsAddress));

        Assert.Equal(
        [
            "fleet/all.yaml: document 4 (Cluster cluster-b): spec.controlPlane.endpoint.vip: 10.0.0.100 is already the endpoint of Cluster cluster-a (fleet/all.yaml: document 3 (Cluster cluster-a))",
            "fleet/all.yaml: document 6 (Cluster cluster-d): spec.controlPlane.endpoint.address: api.example:6443 is already the endpoint of Cluster cluster-c (fleet/all.yaml: document 5 (Cluster cluster-c))",
            "fleet/all.yaml: document 8 (Cluster cluster-f): spec.controlPlane.endpoint.address: 10.0.0.100:443 is already the endpoint of Cluster cluster-a (fleet/all.yaml: document 3 (Cluster cluster-a))",
        ], errors);
    }

    [Fact]
    public void Validate_BadRanges_AllReported()
    {
        var cluster = WithVip("cluster-a", "10.0.0.100") with
        {
            Networking = new ClusterNetworking { ServiceCidr = "10.0.0.0/8", PodCidr = "172.16.1.0/24", DnsDomain = "Cluster.Local" },
        };

        var errors = Errors(OnSite(cluster));

        Assert.Equal(
        [
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.kubernetes.serviceCidr: 10.0.0.0/8 is too large: the API server allows at most 2^20 service addresses (/12 or longer)",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.kubernetes.serviceCidr: 10.0.0.0/8 overlaps network nodes (10.0.0.0/24) of Host sled-1; pick a range the site does not use",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.kubernetes.podCidr: 172.16.1.0/24 overlaps network storage (172.16.0.0/16) of Host sled-2; pick a range the site does not use",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.kubernetes.dnsDomain: must be a DNS subdomain: lowercase letters, digits and '-' in dot-separated parts of at most 63, 253 in all (e.g. cluster.local)",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.controlPlane.endpoint.vip: 10.0.0.100 is inside the cluster's service range 10.0.0.0/8",
        ], errors);
    }

    [Fact]
    public void Validate_MalformedAndMismatchedRanges_Reported()
    {
        var cluster = WithVip("cluster-a", "10.0.0.100") with
        {
            Networking = new ClusterNetworking { ServiceCidr = "10.96.0.1/12", PodCidr = "fd00:244::/40" },
        };
        var overlapping = WithVip("cluster-b", "10.0.0.101") with { Networking = new ClusterNetworking { ServiceCidr = "10.96.0.0/16", PodCidr = "10.96.0.0/12" } };

        var errors = Errors(OnSite(cluster, overlapping));

        Assert.Equal(
        [
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.kubernetes.serviceCidr: has host bits set; the network is 10.96.0.0/12",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.kubernetes.podCidr: fd00:244::/40 does not fit: each node gets a /64, so the prefix must be between /48 and /64",
            "fleet/all.yaml: document 4 (Cluster cluster-b): spec.kubernetes.podCidr: 10.96.0.0/12 overlaps serviceCidr 10.96.0.0/16",
        ], errors);
    }

    [Fact]
    public void Validate_LabelsTaintsAndKeys_EveryProblemWithItsPath()
    {
        var cluster = WithVip("cluster-a", "10.0.0.100") with
        {
            ControlPlane = WithVip("cluster-a", "10.0.0.100").ControlPlane with
            {
                NodeLabels = new Dictionary<string, string> { ["node-role.kubernetes.io/control-plane"] = "", ["example.com/tier"] = "a b" },
                Taints = [new NodeTaint { Key = "dedicated", Effect = (TaintEffect)7 }],
            },
            WorkerPools =
            [
                TestFleets.Pool("vm", 1) with
                {
                    NodeLabels = new Dictionary<string, string> { ["-bad"] = "x" },
                    Taints =
                    [
                        new NodeTaint { Key = "example.com/gpu", Value = "yes", Effect = TaintEffect.NoSchedule },
                        new NodeTaint { Key = "example.com/gpu", Value = "no", Effect = TaintEffect.NoSchedule },
                        new NodeTaint { Key = "x", Value = "{{ evil }}", Effect = TaintEffect.NoExecute },
                    ],
                },
            ],
            SshPublicKeys =
            [
                new SshPublicKeys { User = "Root", AuthorizedKeys = [] },
                new SshPublicKeys { User = "ops", AuthorizedKeys = ["ssh-ed25519 AAAA"] },
                new SshPublicKeys { User = "ops", AuthorizedKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPC3lczVuuXqL0CA2ZzvTSZsYiS7hVGtEM+Ly5aMWuli ops@site"] },
            ],
        };

        var errors = Errors(OnSite(cluster));

        Assert.Equal(
        [
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.controlPlane.nodeLabels[node-role.kubernetes.io/control-plane]: the kubelet may not set labels in the node-role.kubernetes.io namespace (allowed there: kubelet.kubernetes.io/*, node.kubernetes.io/*, topology.kubernetes.io/zone and region, kubernetes.io/hostname, os, arch and instance-type); use your own prefix, e.g. example.com/role",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.controlPlane.nodeLabels[example.com/tier]: must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.controlPlane.taints[0].effect: must be NoSchedule, PreferNoSchedule or NoExecute",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.workerPools[0].nodeLabels[-bad]: must be a qualified name: an optional DNS subdomain prefix and '/', then 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (e.g. example.com/tier)",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.workerPools[0].taints[1]: duplicate taint example.com/gpu:NoSchedule (a key may appear once per effect)",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.workerPools[0].taints[2].value: must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.sshPublicKeys[0].user: must be a Linux user name: 1-32 lowercase letters, digits, '_' or '-', starting with a letter or '_'",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.sshPublicKeys[0].authorizedKeys: needs at least one key",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.sshPublicKeys[1].authorizedKeys[0]: must be an OpenSSH public key: 'type base64 [comment]' on one line (e.g. ssh-ed25519 AAAAC3Nza... me@example), without options; the key is not valid base64",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.sshPublicKeys[2].user: user ops is listed twice; put all its keys in one entry",
        ], errors);
    }

    [Fact]
    public void Validate_InterfaceWithAnAddress_Refused()
    {
        var cluster = TestFleets.Cluster("cluster-a") with
        {
            ControlPlane = TestFleets.Cluster("a").ControlPlane with { Endpoint = new ClusterEndpoint { Address = "api.example:6443", Interface = "eth 0" } },
        };

        var errors = Errors(OnSite(cluster));

        Assert.Equal(
        [
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.controlPlane.endpoint.interface: only applies to a vip (kube-vip announces it there)",
            "fleet/all.yaml: document 3 (Cluster cluster-a): spec.controlPlane.endpoint.interface: must be a Linux interface name: 1-15 characters of letters, digits, '.', '_' or '-'",
        ], errors);
    }

    [Fact]
    public void Validate_HostNetworks_NamesCidrsAndOverlaps()
    {
        var host = TestFleets.Kvm("sled-1") with
        {
            Networks =
            [
                new HostNetwork { Name = "nodes", Cidr = "10.0.0.0/24" },
                new HostNetwork { Name = "nodes", Cidr = "10.0.0.128/25" },
                new HostNetwork { Name = "bad name", Cidr = "10.1.0.1/24" },
            ],
        };

        var errors = Errors(host);

        Assert.Equal(
        [
            "fleet/all.yaml: document 1 (Host sled-1): spec.networks[1].name: duplicate network name 'nodes'",
            "fleet/all.yaml: document 1 (Host sled-1): spec.networks[1].cidr: 10.0.0.128/25 overlaps spec.networks[0] (10.0.0.0/24)",
            "fleet/all.yaml: document 1 (Host sled-1): spec.networks[2].name: must be 1-63 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
            "fleet/all.yaml: document 1 (Host sled-1): spec.networks[2].cidr: has host bits set; the network is 10.1.0.0/24",
        ], errors);
    }
}
