using System.Text;
using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Validation;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Controller.Core.Tests.Bootstrap;

public class NodeBootstrapRendererTests
{
    private static NodeBootstrapRequest Request(string node = "cluster-a-cp-0", BootstrapAction action = BootstrapAction.InitControlPlane, string golden = "init-v1beta3")
    {
        var request = BootstrapCase.Load(golden).Request;
        var fleet = new Fleet { Clusters = [request.Cluster], Templates = [new MachineTemplate { Name = "cp", Machine = TestFleets.Machine() }, new MachineTemplate { Name = "worker", Machine = TestFleets.Machine() }] };
        return request with { Node = FleetNodes.Expand(fleet).Single(n => n.Name == node), Action = action };
    }

    /// <summary>The user-data as cloud-init sees it once its jinja expressions are rendered.</summary>
    private static YamlMappingNode Parse(string userData)
    {
        var rendered = userData.Replace("{{ ds.meta_data.vm_host }}", "sled-1", StringComparison.Ordinal)
            .Replace("{{ ds.meta_data.instance_id }}", "uid", StringComparison.Ordinal);
        var stream = new YamlStream();
        stream.Load(new StringReader(rendered));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static Dictionary<string, (string Owner, string Permissions, string Content)> Files(string userData) =>
        ((YamlSequenceNode)Parse(userData)["write_files"]).Children.Cast<YamlMappingNode>().ToDictionary(
            f => f["path"].ToString(), f => (f["owner"].ToString(), f["permissions"].ToString(), f["content"].ToString()));

    private static List<YamlMappingNode> KubeadmDocuments(string content)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(content));
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    [Fact]
    public void Render_InitControlPlane_WritesEveryCaWithKeysPrivate()
    {
        var pki = TestPki.Pki;

        var files = Files(NodeBootstrapRenderer.Render(Request()).UserData);

        Assert.Equal(("root:root", "0644", pki.CaCertificate), files["/etc/kubernetes/pki/ca.crt"]);
        Assert.Equal(("root:root", "0600", pki.CaKey), files["/etc/kubernetes/pki/ca.key"]);
        Assert.Equal(("root:root", "0600", pki.EtcdCaKey), files["/etc/kubernetes/pki/etcd/ca.key"]);
        Assert.Equal(("root:root", "0600", pki.FrontProxyCaKey), files["/etc/kubernetes/pki/front-proxy-ca.key"]);
        Assert.Equal(("root:root", "0600", pki.ServiceAccountKey), files["/etc/kubernetes/pki/sa.key"]);
        Assert.Equal(("root:root", "0644", pki.ServiceAccountPublicKey), files["/etc/kubernetes/pki/sa.pub"]);
        Assert.All(files.Where(f => f.Key.EndsWith(".key", StringComparison.Ordinal) || f.Key.StartsWith("/run/kubeadm/", StringComparison.Ordinal)),
            f => Assert.Equal("0600", f.Value.Permissions));
    }

    [Fact]
    public void Render_InitControlPlane_KubeadmInitConfigurationWithTokenAndClusterSettings()
    {
        var request = Request();

        var bootstrap = NodeBootstrapRenderer.Render(request);

        var documents = KubeadmDocuments(Files(bootstrap.UserData)[BootstrapPaths.InitConfig].Content);
        Assert.Equal(["InitConfiguration", "ClusterConfiguration", "KubeletConfiguration"], documents.Select(d => d["kind"].ToString()));
        var init = documents[0];
        Assert.Equal("kubeadm.k8s.io/v1beta3", init["apiVersion"].ToString());
        Assert.Equal("abcdef.0123456789abcdef", ((YamlMappingNode)((YamlSequenceNode)init["bootstrapTokens"])[0])["token"].ToString());
        var registration = (YamlMappingNode)init["nodeRegistration"];
        Assert.Equal(ProviderIds.For("sled-1", "uid"), ((YamlMappingNode)registration["kubeletExtraArgs"])["provider-id"].ToString());
        Assert.Equal("node-role.kubernetes.io/control-plane", ((YamlMappingNode)((YamlSequenceNode)registration["taints"])[0])["key"].ToString());
        var cluster = documents[1];
        Assert.Equal("10.0.0.100:6443", cluster["controlPlaneEndpoint"].ToString());
        Assert.Equal("v1.30.14", cluster["kubernetesVersion"].ToString());
        Assert.Equal("10.96.0.0/12", ((YamlMappingNode)cluster["networking"])["serviceSubnet"].ToString());
        Assert.Contains("kubeadm init --config /run/kubeadm/kubeadm.yaml", ((YamlSequenceNode)Parse(bootstrap.UserData)["runcmd"]).Children.Last().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_V1Beta4_ExtraArgumentsAsNameValueList()
    {
        var request = Request("cluster-b-gpu-0", BootstrapAction.JoinWorker, "join-worker-v1beta4");

        var join = KubeadmDocuments(Files(NodeBootstrapRenderer.Render(request).UserData)[BootstrapPaths.JoinConfig].Content).Single();

        Assert.Equal("kubeadm.k8s.io/v1beta4", join["apiVersion"].ToString());
        var args = ((YamlSequenceNode)((YamlMappingNode)join["nodeRegistration"])["kubeletExtraArgs"]).Children.Cast<YamlMappingNode>()
            .Select(a => $"{a["name"]}={a["value"]}");
        Assert.Equal(["node-labels=example.com/accelerator=none,topology.kubernetes.io/zone=edge-1", "provider-id=microvm://sled-1/uid"], args);
    }

    [Fact]
    public void Render_JoinWorker_NoPkiOnlyTheCaHash()
    {
        var request = Request("cluster-a-vm-1", BootstrapAction.JoinWorker);

        var bootstrap = NodeBootstrapRenderer.Render(request);

        Assert.DoesNotContain("-----BEGIN", bootstrap.UserData, StringComparison.Ordinal);
        Assert.DoesNotContain(BootstrapPaths.PkiDirectory, bootstrap.UserData, StringComparison.Ordinal);
        Assert.DoesNotContain("kube-vip", bootstrap.UserData, StringComparison.Ordinal);
        var join = KubeadmDocuments(Files(bootstrap.UserData)[BootstrapPaths.JoinConfig].Content).Single();
        var discovery = (YamlMappingNode)((YamlMappingNode)join["discovery"])["bootstrapToken"];
        Assert.Equal(TestPki.Pki.CaCertificateHash, ((YamlSequenceNode)discovery["caCertHashes"])[0].ToString());
        Assert.Equal("10.0.0.100:6443", discovery["apiServerEndpoint"].ToString());
        Assert.False(join.Children.ContainsKey("controlPlane"));
    }

    [Fact]
    public void Render_JoinControlPlane_CasAsFilesNoCertificateKeyKubeVipWithAdminConf()
    {
        var request = Request("cluster-a-cp-2", BootstrapAction.JoinControlPlane);

        var files = Files(NodeBootstrapRenderer.Render(request).UserData);

        Assert.Contains("/etc/kubernetes/pki/etcd/ca.key", files.Keys);
        var join = KubeadmDocuments(files[BootstrapPaths.JoinConfig].Content).Single();
        var controlPlane = (YamlMappingNode)join["controlPlane"];
        Assert.False(controlPlane.Children.ContainsKey("certificateKey"));
        Assert.Equal(["DirAvailable--etc-kubernetes-manifests"], ((YamlSequenceNode)((YamlMappingNode)join["nodeRegistration"])["ignorePreflightErrors"]).Select(n => n.ToString()));
        Assert.Contains("path: /etc/kubernetes/admin.conf", files[BootstrapPaths.KubeVipManifest].Content, StringComparison.Ordinal);
        Assert.DoesNotContain("super-admin", files[BootstrapPaths.KubeVipManifest].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MetaAndVendorData_AsFlintlockClientsSendThem()
    {
        var bootstrap = NodeBootstrapRenderer.Render(Request() with { HostName = "sled-7" });

        Assert.Equal("local-hostname: cluster-a-cp-0\nlocal_hostname: cluster-a-cp-0\nplatform: liquid_metal\nvm_host: sled-7\ncluster_name: cluster-a\n", bootstrap.MetaData);
        var vendor = new YamlStream();
        vendor.Load(new StringReader(bootstrap.VendorData));
        var root = (YamlMappingNode)vendor.Documents[0].RootNode;
        Assert.StartsWith("#cloud-config\n", bootstrap.VendorData, StringComparison.Ordinal);
        Assert.Equal("cluster-a-cp-0", root["hostname"].ToString());
        Assert.Equal(["root", "debian"], ((YamlSequenceNode)root["users"]).Children.Cast<YamlMappingNode>().Select(u => u["name"].ToString()));
    }

    [Fact]
    public void ToMicroVmMetadata_ThreeDocuments_Base64AcceptedByTheAgentsValidation()
    {
        var request = Request();
        var bootstrap = NodeBootstrapRenderer.Render(request);

        var metadata = bootstrap.ToMicroVmMetadata();
        var spec = MachineSpecFactory.Build(request.Node).Spec with { Metadata = metadata };

        Assert.Equal(["meta-data", "user-data", "vendor-data"], metadata.Keys);
        Assert.Equal(bootstrap.UserData, Encoding.UTF8.GetString(Convert.FromBase64String(metadata["user-data"])));
        Assert.Empty(new MicroVmSpecValidator(new ValidationLimits(), _ => null).Validate(spec));
    }

    [Fact]
    public void Render_PemWithCrlfLineEnds_SameOutputAsLf()
    {
        var request = Request();
        var pki = request.Pki with { CaKey = request.Pki.CaKey!.Replace("\n", "\r\n", StringComparison.Ordinal) };

        Assert.Equal(NodeBootstrapRenderer.Render(request), NodeBootstrapRenderer.Render(request with { Pki = pki }));
    }

    [Theory]
    [InlineData("cluster-a-cp-0", BootstrapAction.JoinWorker, "node cluster-a-cp-0 is a control-plane node: its action is InitControlPlane or JoinControlPlane, not JoinWorker")]
    [InlineData("cluster-a-vm-0", BootstrapAction.InitControlPlane, "node cluster-a-vm-0 is a worker: its action is JoinWorker, not InitControlPlane")]
    public void Render_ActionNotMatchingRole_Throws(string node, BootstrapAction action, string message)
    {
        var thrown = Assert.Throws<ArgumentException>(() => NodeBootstrapRenderer.Render(Request(node, action)));

        Assert.StartsWith(message, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ControlPlaneWithWorkerPki_ThrowsNamingTheMissingPart()
    {
        var request = Request() with { Pki = TestPki.Pki.ForWorker() };

        var thrown = Assert.Throws<ArgumentException>(() => NodeBootstrapRenderer.Render(request));

        Assert.Equal("CaCertificate", thrown.ParamName);
        Assert.StartsWith("the PKI's CaCertificate is required for this node", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\nruncmd: [reboot]\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAA{{ ds.meta_data }}AA\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    [InlineData("not a pem")]
    public void Render_HostileOrWrongPem_Refused(string key)
    {
        var request = Request() with { Pki = TestPki.Pki with { EtcdCaKey = key } };

        var thrown = Assert.Throws<ArgumentException>(() => NodeBootstrapRenderer.Render(request));

        Assert.Equal("the PKI's EtcdCaKey must be one PEM block (PRIVATE KEY or RSA PRIVATE KEY or EC PRIVATE KEY) (Parameter 'EtcdCaKey')", thrown.Message);
    }

    [Fact]
    public void Render_UnvalidatedInputWithJinja_Refused()
    {
        var request = Request();
        var cluster = request.Cluster with { ControlPlane = request.Cluster.ControlPlane with { NodeLabels = new Dictionary<string, string> { ["x"] = "{% raw %}" } } };

        var thrown = Assert.Throws<ArgumentException>(() => NodeBootstrapRenderer.Render(request with { Cluster = cluster }));

        Assert.StartsWith("an input holds jinja delimiters", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BadHashVersionOrHost_Throws()
    {
        var request = Request();

        Assert.Throws<ArgumentException>(() => NodeBootstrapRenderer.Render(request with { Pki = request.Pki with { CaCertificateHash = "sha256:ABC" } }));
        Assert.Throws<ArgumentException>(() => NodeBootstrapRenderer.Render(request with { Cluster = request.Cluster with { KubernetesVersion = "v1.24.0" } }));
        Assert.Throws<ArgumentException>(() => NodeBootstrapRenderer.Render(request with { HostName = "sled 1; reboot" }));
    }

    [Fact]
    public void Render_MetalNode_Refused()
    {
        var request = Request("cluster-a-vm-0", BootstrapAction.JoinWorker);

        var thrown = Assert.Throws<ArgumentException>(() => NodeBootstrapRenderer.Render(request with { Node = request.Node with { Machine = null, Metal = new MetalPool { HostSelector = new Dictionary<string, string>() } } }));

        Assert.StartsWith("node cluster-a-vm-0 is a bare-metal node", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverShowsSecrets()
    {
        var request = Request();
        var bootstrap = NodeBootstrapRenderer.Render(request);

        Assert.DoesNotContain("0123456789abcdef", request.Token.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", request.Pki.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", bootstrap.ToString(), StringComparison.Ordinal);
    }
}
