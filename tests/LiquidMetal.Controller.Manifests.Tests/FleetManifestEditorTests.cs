namespace LiquidMetal.Controller.Manifests.Tests;

public class FleetManifestEditorTests
{
    private const string Hosts = """
        # the chassis
        apiVersion: liquidmetal.dev/v1alpha1
        kind: Host
        metadata: { name: sled-1 }
        spec: { role: kvm, agent: { endpoint: "127.0.0.1:9090" } }

        """;

    private static string Cluster(string name, string comment = "") => $$"""
        {{comment}}apiVersion: liquidmetal.dev/v1alpha1
        kind: Cluster
        metadata:
          name: {{name}}
        spec:
          kubernetes: { version: v1.30.14 }
          controlPlane:
            replicas: 1
            endpoint: { address: "api.{{name}}:6443" }
            machine: { vcpus: 1, memoryMiB: 128, kernel: { image: vmlinuz }, rootVolume: { image: rootfs.ext4 } }

        """;

    [Fact]
    public void RemoveCluster_MiddleDocument_KeepsEveryOtherByteAndFile()
    {
        var clusters = Cluster("a") + "---\n" + Cluster("b", "# b is going away\n") + "--- # c follows\n" + Cluster("c");
        ManifestFile[] files = [new("hosts.yaml", Hosts), new("clusters.yaml", clusters)];

        var result = FleetManifestEditor.RemoveCluster(files, "b")!;

        Assert.Equal(Hosts, result[0].Content);
        Assert.Equal(Cluster("a") + "--- # c follows\n" + Cluster("c"), result[1].Content);
        Assert.Equal(["a", "c"], FleetManifestLoader.Load(result).GetFleetOrThrow().Clusters.Select(c => c.Name));
    }

    [Fact]
    public void RemoveCluster_FirstDocumentWithoutMarker_LeavesTheRestParsable()
    {
        ManifestFile[] files = [new("fleet.yaml", Hosts + "---\n" + Cluster("a") + "---\n" + Cluster("b"))];

        var result = FleetManifestEditor.RemoveCluster([new("c.yaml", Cluster("a") + "---\n" + Cluster("b")), new("h.yaml", Hosts)], "a")!;
        var single = FleetManifestEditor.RemoveCluster(files, "b")!;

        Assert.Equal("---\n" + Cluster("b"), result[0].Content);
        Assert.Equal(Hosts + "---\n" + Cluster("a"), single[0].Content);
    }

    [Fact]
    public void RemoveCluster_OnlyDocumentOfAFile_DropsTheFile()
    {
        ManifestFile[] files = [new("hosts.yaml", Hosts), new("clusters/a.yaml", Cluster("a")), new("clusters/b.yaml", "---\n" + Cluster("b") + "...\n")];

        var result = FleetManifestEditor.RemoveCluster(files, "b")!;

        Assert.Equal(["hosts.yaml", "clusters/a.yaml"], result.Select(f => f.Path));
    }

    [Fact]
    public void RemoveCluster_NotDeclared_IsNull()
    {
        Assert.Null(FleetManifestEditor.RemoveCluster([new("hosts.yaml", Hosts), new("a.yaml", Cluster("a"))], "b"));
    }

    [Fact]
    public void RemoveCluster_NameInACommentOfAnotherDocument_IsNotMistakenForIt()
    {
        var decoy = Cluster("a", "# kind: Cluster\n# metadata: { name: b }\n");
        ManifestFile[] files = [new("hosts.yaml", Hosts), new("c.yaml", decoy + "---\n" + Cluster("b"))];

        var result = FleetManifestEditor.RemoveCluster(files, "b")!;

        Assert.Equal(decoy, result[1].Content);
    }

    [Fact]
    public void FileDeclaring_NamesTheFile()
    {
        ManifestFile[] files = [new("hosts.yaml", Hosts), new("clusters.yaml", Cluster("a") + "---\n" + Cluster("b"))];

        Assert.Equal("clusters.yaml", FleetManifestEditor.FileDeclaring(files, "b"));
        Assert.Null(FleetManifestEditor.FileDeclaring(files, "c"));
    }

    [Fact]
    public void RemoveCluster_InvalidFiles_Throws()
    {
        Assert.Throws<ManifestException>(() => FleetManifestEditor.RemoveCluster([new("a.yaml", "kind: [")], "a"));
    }
}
