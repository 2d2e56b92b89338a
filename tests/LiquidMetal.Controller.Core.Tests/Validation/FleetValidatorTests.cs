using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Validation;

namespace LiquidMetal.Controller.Core.Tests.Validation;

public class FleetValidatorTests
{
    private static int _document;

    private static ManifestObject At(IFleetObject item) => new(new ManifestLocation("fleet/all.yaml", ++_document, item.Kind, item.Name), item);

    private static List<string> Errors(params IFleetObject[] items)
    {
        _document = 0;
        return [.. FleetValidator.Validate([.. items.Select(At)]).Errors.Select(e => e.ToString())];
    }

    [Fact]
    public void Validate_ValidFleet_ReturnsFleetSortedByName()
    {
        var result = FleetValidator.Validate([At(TestFleets.Kvm("sled-2")), At(TestFleets.Kvm("sled-1")), At(TestFleets.Cluster("cluster-a"))]);

        Assert.True(result.IsValid);
        Assert.Equal(["sled-1", "sled-2"], result.Fleet!.Hosts.Select(h => h.Name));
    }

    [Fact]
    public void Validate_BadReplicas_NamesFileDocumentAndField()
    {
        var errors = Errors(TestFleets.Kvm("sled-1"), TestFleets.Cluster("cluster-a", controlPlane: 2));

        Assert.Equal(["fleet/all.yaml: document 2 (Cluster cluster-a): spec.controlPlane.replicas: must be 1, 3 or 5"], errors);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsThemAll()
    {
        var host = TestFleets.Kvm("sled_1!") with
        {
            Agent = new AgentConnection { Endpoint = "sled-1" },
            Reserved = new ResourceAmount(-1, 0),
            Overcommit = new OvercommitRatios(0.5, 1.0),
        };
        var cluster = TestFleets.Cluster("cluster-a", 3, TestFleets.Machine(0, 32)) with
        {
            KubernetesVersion = "1.30",
            ControlPlane = TestFleets.Cluster("x").ControlPlane with { Endpoint = new ClusterEndpoint { Vip = "10.0.0.300" }, Machine = TestFleets.Machine(0, 32) },
            WorkerPools = [TestFleets.Pool("cp", 1), TestFleets.Pool("vm", 1) with { Machine = null, MachineTemplateRef = "big" }, TestFleets.Pool("vm", -1)],
        };

        var errors = Errors(host, cluster);

        Assert.Equal(
        [
            "fleet/all.yaml: document 1 (Host sled_1!): metadata.name: must be 1-63 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
            "fleet/all.yaml: document 1 (Host sled_1!): spec.failureDomain: must be 1-63 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
            "fleet/all.yaml: document 1 (Host sled_1!): spec.agent.endpoint: must be host:port (e.g. 10.0.0.11:9090, sled-1.example:9090 or [fd00::11]:9090)",
            "fleet/all.yaml: document 1 (Host sled_1!): spec.reserved.cpus: must be 0 or more (got -1)",
            "fleet/all.yaml: document 1 (Host sled_1!): spec.overcommit.cpu: must be between 1.0 and 16.0 (got 0.5)",
            "fleet/all.yaml: document 2 (Cluster cluster-a): spec.kubernetes.version: must be a Kubernetes version like v1.30.14 (got '1.30')",
            "fleet/all.yaml: document 2 (Cluster cluster-a): spec.controlPlane.endpoint.vip: is not a valid IP address",
            "fleet/all.yaml: document 2 (Cluster cluster-a): spec.controlPlane.machine.vcpus: must be between 1 and 64 (got 0)",
            "fleet/all.yaml: document 2 (Cluster cluster-a): spec.controlPlane.machine.memoryMiB: must be between 64 and 524288 (got 32)",
            "fleet/all.yaml: document 2 (Cluster cluster-a): spec.workerPools[0].name: 'cp' is reserved for control-plane node names",
            "fleet/all.yaml: document 2 (Cluster cluster-a): spec.workerPools[1].machineTemplateRef: MachineTemplate 'big' is not declared (there are none)",
            "fleet/all.yaml: document 2 (Cluster cluster-a): spec.workerPools[2].name: duplicate pool name 'vm'",
            "fleet/all.yaml: document 2 (Cluster cluster-a): spec.workerPools[2].replicas: must be between 0 and 1000 (got -1)",
        ], errors);
    }

    [Fact]
    public void Validate_DuplicateNames_PointsToTheFirst()
    {
        var errors = Errors(TestFleets.Kvm("sled-1"), TestFleets.Kvm("sled-1"));

        Assert.Equal(["fleet/all.yaml: document 2 (Host sled-1): metadata.name: duplicate Host name 'sled-1' (first declared in fleet/all.yaml: document 1 (Host sled-1))"], errors);
    }

    [Fact]
    public void Validate_KvmHostWithoutAgent_Required()
    {
        var errors = Errors(TestFleets.Kvm("sled-1") with { Agent = null }, TestFleets.Metal("metal-1"));

        Assert.Equal(["fleet/all.yaml: document 1 (Host sled-1): spec.agent: is required for a kvm host (its agent's endpoint)"], errors);
    }

    [Fact]
    public void Validate_MetalSelectorMatchingNothing_ListsMetalHosts()
    {
        var cluster = TestFleets.Cluster("cluster-a") with
        {
            WorkerPools =
            [
                new WorkerPool { Name = "metal", Replicas = 2, Metal = new MetalPool { HostSelector = new Dictionary<string, string> { ["nic"] = "sriov" } } },
                new WorkerPool { Name = "spare", Replicas = 0, Metal = new MetalPool { HostSelector = new Dictionary<string, string> { ["gpu"] = "yes" } } },
            ],
        };

        var errors = Errors(TestFleets.Metal("metal-1", ("nic", "plain")), cluster);

        Assert.Equal(["fleet/all.yaml: document 2 (Cluster cluster-a): spec.workerPools[0].metal.hostSelector: {nic: sriov} matches no metal Host (metal hosts: metal-1)"], errors);
    }

    [Fact]
    public void Validate_EndpointAndMachineSourceBothOrNeither_Reported()
    {
        var cluster = TestFleets.Cluster("cluster-a") with
        {
            ControlPlane = TestFleets.Cluster("x").ControlPlane with
            {
                Endpoint = new ClusterEndpoint { Vip = "10.0.0.1", Address = "api:6443" },
                MachineTemplateRef = "small",
            },
            WorkerPools = [TestFleets.Pool("vm", 1) with { Machine = null }],
        };

        var errors = Errors(new MachineTemplate { Name = "small", Machine = TestFleets.Machine() }, cluster);

        Assert.Equal(
        [
            "fleet/all.yaml: document 2 (Cluster cluster-a): spec.controlPlane.endpoint: set exactly one of vip and address",
            "fleet/all.yaml: document 2 (Cluster cluster-a): spec.controlPlane: set exactly one of machine and machineTemplateRef",
            "fleet/all.yaml: document 2 (Cluster cluster-a): spec.workerPools[0]: set exactly one of machine and machineTemplateRef",
        ], errors);
    }

    [Fact]
    public void Validate_NodeNamesTooLong_SaysWhichName()
    {
        var name = new string('c', 58);

        var errors = Errors(TestFleets.Cluster(name, 3, null, TestFleets.Pool("workers", 10)));

        Assert.Equal([$"fleet/all.yaml: document 1 (Cluster {name}): spec.workerPools[0].name: node names like '{name}-workers-9' (68 characters) would not be valid microVM ids (at most 63); shorten the cluster or pool name"], errors);
    }

    [Theory]
    [InlineData("10.0.0.11:9090", true)]
    [InlineData("https://sled-1.example:9090", true)]
    [InlineData("[fd00::11]:9090", true)]
    [InlineData("fd00::11:9090", false)]
    [InlineData("sled-1", false)]
    [InlineData("sled-1:0", false)]
    [InlineData("sled 1:9090", false)]
    public void HostPort_Endpoints_AcceptedOrNot(string endpoint, bool valid) =>
        Assert.Equal(valid, EndpointSyntax.HostPort(endpoint) is null);

    [Fact]
    public void Validate_MachineTemplateFields_CheckedWithAgentRules()
    {
        var machine = TestFleets.Machine() with
        {
            Kernel = new MachineKernel { Image = "vmlinuz", Cmdline = new Dictionary<string, string> { ["init"] = "/bin/sh -c x" } },
            AdditionalVolumes = [new MachineVolume { Id = "root", Image = "data.ext4" }],
            Interfaces = [new MachineInterface { DeviceId = "eth0", Bridge = "a-bridge-name-too-long" }],
        };

        var errors = Errors(new MachineTemplate { Name = "small", Machine = machine });

        Assert.Equal(
        [
            "fleet/all.yaml: document 1 (MachineTemplate small): spec.kernel.cmdline[init]: kernel argument values may not contain whitespace, quotes, backslashes, control or non-ASCII characters (found U+0020)",
            "fleet/all.yaml: document 1 (MachineTemplate small): spec.additionalVolumes[0].id: 'root' is already used (the root volume is 'root')",
            "fleet/all.yaml: document 1 (MachineTemplate small): spec.interfaces[0].bridge: must be a Linux interface name: 1-15 characters of letters, digits, '.', '_' or '-'",
        ], errors);
    }
}
