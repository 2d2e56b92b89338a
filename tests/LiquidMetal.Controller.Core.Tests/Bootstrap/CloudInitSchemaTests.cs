using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Tests.Bootstrap;

/// <summary>
/// Every rendered bootstrap goes through Debian's cloud-init: the user-data's jinja is rendered from the meta-data the
/// agent serves (so the provider id becomes <c>microvm://host/uid</c>), then <c>cloud-init schema</c> must call the
/// user-data and the vendor-data valid cloud-config.
/// </summary>
public sealed class CloudInitSchemaTests : IDisposable
{
    private const string Uid = "01JD0CQ5M4W0V3Y8K2N6T9R7XB";

    private readonly CloudInitTool _cloudInit = new();

    public static TheoryData<string> Goldens() => [.. BootstrapCase.Names()];

    /// <summary>Varied renders beyond the goldens: each release, action and endpoint kind, with and without labels, taints and keys.</summary>
    public static TheoryData<string, string, BootstrapAction, string> Varied() => new()
    {
        { "v1.29.10", "vip", BootstrapAction.InitControlPlane, "plain" },
        { "v1.29.10", "address", BootstrapAction.JoinWorker, "decorated" },
        { "v1.30.1", "vip6", BootstrapAction.JoinControlPlane, "decorated" },
        { "v1.31.0", "address", BootstrapAction.InitControlPlane, "decorated" },
        { "v1.31.0", "vip", BootstrapAction.JoinWorker, "plain" },
        { "v1.32.5", "vip", BootstrapAction.JoinControlPlane, "plain" },
        { "v1.32.5", "vip6", BootstrapAction.InitControlPlane, "plain" },
        { "v1.33.1", "address", BootstrapAction.JoinControlPlane, "plain" },
        { "v1.33.1", "vip", BootstrapAction.InitControlPlane, "decorated" },
        { "v1.33.1", "vip6", BootstrapAction.JoinWorker, "decorated" },
    };

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Schema_GoldenBootstrap_ValidOnceCloudInitRendersIt(string name)
    {
        var request = BootstrapCase.Load(name).Request;

        AssertValid(NodeBootstrapRenderer.Render(request), request);
    }

    [Theory]
    [MemberData(nameof(Varied))]
    public void Schema_VariedBootstrap_ValidOnceCloudInitRendersIt(string version, string endpoint, BootstrapAction action, string decoration)
    {
        var request = VariedRequest(version, endpoint, action, decoration == "decorated");

        AssertValid(NodeBootstrapRenderer.Render(request), request);
    }

    [Fact]
    public void Schema_BrokenCloudConfig_Refused()
    {
        Assert.NotNull(_cloudInit.SchemaProblems("#cloud-config\nwrite_files:\n- path: /x\n  permisions: '0600'\n"));
    }

    public void Dispose() => _cloudInit.Dispose();

    private void AssertValid(NodeBootstrap bootstrap, NodeBootstrapRequest request)
    {
        var instanceData = _cloudInit.InstanceData(bootstrap.MetaData, Uid, request.Node.Name);

        var userData = _cloudInit.Render(bootstrap.UserData, instanceData);

        Assert.StartsWith("#cloud-config\n", userData, StringComparison.Ordinal);
        Assert.Contains(ProviderIds.For(request.HostName, Uid), userData, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", userData, StringComparison.Ordinal);
        Assert.Null(_cloudInit.SchemaProblems(userData));
        Assert.Null(_cloudInit.SchemaProblems(bootstrap.VendorData));
    }

    private static NodeBootstrapRequest VariedRequest(string version, string endpoint, BootstrapAction action, bool decorated)
    {
        var ipv6 = endpoint == "vip6";
        var cluster = TestFleets.Cluster("varied", 3, null, TestFleets.Pool("pool-1", 2)) with
        {
            KubernetesVersion = version,
            Networking = ipv6 ? new ClusterNetworking { ServiceCidr = "fd00:96::/108", PodCidr = "fd00:244::/48", DnsDomain = "six.example" } : ClusterNetworking.Default,
        };
        cluster = cluster with
        {
            ControlPlane = cluster.ControlPlane with
            {
                Endpoint = endpoint switch
                {
                    "vip" => new ClusterEndpoint { Vip = "192.168.50.10", Interface = decorated ? "ens3" : null },
                    "vip6" => new ClusterEndpoint { Vip = "fd00:50::10" },
                    _ => new ClusterEndpoint { Address = "https://lb.varied.example:443" },
                },
                NodeLabels = decorated ? new Dictionary<string, string> { ["example.com/a"] = "1", ["b"] = "" } : FleetApi.NoLabels,
                Taints = decorated ? [new NodeTaint { Key = "example.com/only", Value = "ops", Effect = TaintEffect.NoExecute }] : null,
            },
            WorkerPools = [cluster.WorkerPools[0] with { Taints = decorated ? [new NodeTaint { Key = "x", Effect = TaintEffect.PreferNoSchedule }] : [] }],
            SshPublicKeys = decorated ? [new SshPublicKeys { User = "ops", AuthorizedKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPC3lczVuuXqL0CA2ZzvTSZsYiS7hVGtEM+Ly5aMWuli ops@site"] }] : [],
        };
        var node = FleetNodes.Expand(new Fleet { Clusters = [cluster] }, cluster)
            .First(n => n.Role == (action == BootstrapAction.JoinWorker ? NodeRole.Worker : NodeRole.ControlPlane));
        return new NodeBootstrapRequest
        {
            Cluster = cluster,
            Node = node,
            Action = action,
            HostName = "host-7",
            Pki = TestPki.Pki,
            Token = new BootstrapToken("k8s000", "0123456789abcdef", TimeSpan.FromMinutes(90)),
        };
    }
}
