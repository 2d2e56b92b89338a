using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Controller.Manifests.Tests;

public class FleetManifestLoaderTests
{
    private const string Template = """
        apiVersion: liquidmetal.dev/v1alpha1
        kind: MachineTemplate
        metadata: { name: small }
        spec: { vcpus: 1, memoryMiB: 128, kernel: { image: vmlinuz }, rootVolume: { image: rootfs.ext4 } }
        """;

    private const string Host = """
        apiVersion: liquidmetal.dev/v1alpha1
        kind: Host
        metadata: { name: sled-1 }
        spec: { role: kvm, agent: { endpoint: "127.0.0.1:9090" } }
        """;

    private const string Cluster = """
        apiVersion: liquidmetal.dev/v1alpha1
        kind: Cluster
        metadata: { name: cluster-a }
        spec:
          kubernetes: { version: v1.30.14 }
          controlPlane: { replicas: 1, endpoint: { address: "api.cluster-a:6443" }, machineTemplateRef: small }
          workerPools:
            - { name: vm, replicas: 2, machineTemplateRef: small }
        """;

    private static List<string> Errors(params (string Path, string Content)[] files) =>
        [.. FleetManifestLoader.Load(files.Select(f => new ManifestFile(f.Path, f.Content))).Errors.Select(e => e.ToString())];

    [Fact]
    public void Load_ValidDocuments_BuildsFleetWithDefaults()
    {
        var result = FleetManifestLoader.Load([new ManifestFile("fleet.yaml", $"{Host}\n---\n{Template}\n---\n{Cluster}")]);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var fleet = result.Fleet!;
        var host = Assert.Single(fleet.Hosts);
        Assert.Equal("sled-1", host.FailureDomain);
        Assert.Equal(OvercommitRatios.None, host.Overcommit);
        Assert.Equal("api.cluster-a:6443", fleet.Clusters[0].ControlPlane.Endpoint.Address);
        Assert.Equal(128, fleet.ResolveMachine(null, "small")!.MemoryMiB);
        Assert.Equal(["cluster-a-cp-0", "cluster-a-vm-0", "cluster-a-vm-1"], FleetNodes.Expand(fleet).Select(n => n.Name));
    }

    [Fact]
    public void Load_WithoutBootstrapFields_Defaults()
    {
        var fleet = FleetManifestLoader.Load([new ManifestFile("fleet.yaml", $"{Host}\n---\n{Template}\n---\n{Cluster}")]).GetFleetOrThrow();

        var cluster = fleet.Clusters[0];
        Assert.Empty(fleet.Hosts[0].Networks);
        Assert.Equal(ClusterNetworking.Default, cluster.Networking);
        Assert.Equal(("10.96.0.0/12", "10.244.0.0/16", "cluster.local"), (cluster.Networking.ServiceCidr, cluster.Networking.PodCidr, cluster.Networking.DnsDomain));
        Assert.Null(cluster.ControlPlane.Taints);
        Assert.Equal([NodeTaint.ControlPlane], cluster.ControlPlane.EffectiveTaints);
        Assert.Empty(cluster.WorkerPools[0].Taints);
        Assert.Empty(cluster.SshPublicKeys);
        Assert.Null(cluster.ControlPlane.Endpoint.Interface);
    }

    [Fact]
    public void Load_BootstrapFields_Read()
    {
        const string Manifests = """
            apiVersion: liquidmetal.dev/v1alpha1
            kind: Host
            metadata: { name: sled-1 }
            spec:
              role: kvm
              agent: { endpoint: "10.0.0.11:9090" }
              networks:
                - { name: nodes, cidr: 10.0.0.0/24 }
                - { name: storage, cidr: "fd00:5::/64" }
            ---
            apiVersion: liquidmetal.dev/v1alpha1
            kind: Cluster
            metadata: { name: cluster-a }
            spec:
              kubernetes: { version: v1.31.4, serviceCidr: 10.112.0.0/16, podCidr: 10.128.0.0/14, dnsDomain: a.internal }
              controlPlane:
                replicas: 1
                endpoint: { vip: 10.0.0.100, interface: eth1 }
                machineTemplateRef: small
                nodeLabels: { example.com/tier: control }
                taints: []
              workerPools:
                - name: vm
                  replicas: 1
                  machineTemplateRef: small
                  nodeLabels: { example.com/pool: vm }
                  taints:
                    - { key: example.com/dedicated, value: edge, effect: NoSchedule }
                    - { key: example.com/gpu, effect: NoExecute }
              sshPublicKeys:
                - authorizedKeys: [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPC3lczVuuXqL0CA2ZzvTSZsYiS7hVGtEM+Ly5aMWuli ops@site" ]
                - user: debian
                  authorizedKeys:
                    - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICq4DKEzJ0G0NpbSKEkstn6z59ktRN52BIjKYdwQwkXz admin@site
            """;

        var result = FleetManifestLoader.Load([new ManifestFile("fleet.yaml", $"{Manifests}\n---\n{Template}")]);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var fleet = result.Fleet!;
        Assert.Equal(["nodes 10.0.0.0/24", "storage fd00:5::/64"], fleet.Hosts[0].Networks.Select(n => $"{n.Name} {n.Cidr}"));
        var cluster = fleet.Clusters[0];
        Assert.Equal(new ClusterNetworking { ServiceCidr = "10.112.0.0/16", PodCidr = "10.128.0.0/14", DnsDomain = "a.internal" }, cluster.Networking);
        Assert.Equal("eth1", cluster.ControlPlane.Endpoint.EffectiveInterface);
        Assert.Equal("control", cluster.ControlPlane.NodeLabels["example.com/tier"]);
        Assert.Empty(cluster.ControlPlane.EffectiveTaints);
        Assert.Equal(["example.com/dedicated=edge:NoSchedule", "example.com/gpu:NoExecute"], cluster.WorkerPools[0].Taints.Select(t => t.ToString()));
        Assert.Equal("vm", cluster.WorkerPools[0].NodeLabels["example.com/pool"]);
        Assert.Equal(["root", "debian"], cluster.SshPublicKeys.Select(k => k.User));
        Assert.EndsWith("admin@site", Assert.Single(cluster.SshPublicKeys[1].AuthorizedKeys), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadBootstrapFields_Reported()
    {
        var cluster = Cluster
            .Replace("version: v1.30.14", "version: v1.30.14, podCidr: [10.0.0.0/8]", StringComparison.Ordinal)
            .Replace("machineTemplateRef: small }\n  workerPools", "machineTemplateRef: small, taints: [{ key: a, effect: Sometimes }, { key: b }] }\n  workerPools", StringComparison.Ordinal)
            + "\n  sshPublicKeys: [ { user: root, authorizedKeys: [ { key: x } ], extra: 1 } ]";
        var host = Host.Replace("role: kvm,", "role: kvm, networks: [ { name: n, cidr: 10.0.0.0/24, vlan: 7 } ],", StringComparison.Ordinal);

        var errors = Errors(("fleet.yaml", $"{host}\n---\n{Template}\n---\n{cluster}"));

        Assert.Equal(
        [
            "fleet.yaml: document 1 (Host sled-1): spec.networks[0].vlan: is not a known field (known: name, cidr)",
            "fleet.yaml: document 3 (Cluster cluster-a): spec.kubernetes.podCidr: must be a string",
            "fleet.yaml: document 3 (Cluster cluster-a): spec.controlPlane.taints[0].effect: must be NoSchedule, PreferNoSchedule or NoExecute (got 'Sometimes')",
            "fleet.yaml: document 3 (Cluster cluster-a): spec.controlPlane.taints[1].effect: is required (NoSchedule, PreferNoSchedule or NoExecute)",
            "fleet.yaml: document 3 (Cluster cluster-a): spec.sshPublicKeys[0].extra: is not a known field (known: user, authorizedKeys)",
            "fleet.yaml: document 3 (Cluster cluster-a): spec.sshPublicKeys[0].authorizedKeys[0]: must be a string",
            "fleet.yaml: document 3 (Cluster cluster-a): spec.sshPublicKeys[0].authorizedKeys: needs at least one key",
        ], errors);
    }

    [Fact]
    public void Load_BadReplicas_ExactMessageWithFileDocumentAndPath()
    {
        var errors = Errors(("fleet/clusters.yaml", $"{Template}\n---\n{Cluster.Replace("replicas: 1", "replicas: 2", StringComparison.Ordinal)}"));

        Assert.Equal(["fleet/clusters.yaml: document 2 (Cluster cluster-a): spec.controlPlane.replicas: must be 1, 3 or 5"], errors);
    }

    [Fact]
    public void Load_StructuralAndSemanticProblems_AllReportedOnce()
    {
        var cluster = Cluster
            .Replace("replicas: 1,", "replicas: three,", StringComparison.Ordinal)
            .Replace("version: v1.30.14", "version: v1.30.14, flavour: vanilla", StringComparison.Ordinal)
            .Replace("replicas: 2", "replicas: 2, zone: a", StringComparison.Ordinal)
            .Replace("machineTemplateRef: small }\n", "machineTemplateRef: large }\n", StringComparison.Ordinal);
        var host = Host.Replace("role: kvm", "role: vm, cordoned: maybe", StringComparison.Ordinal);

        var errors = Errors(("hosts.yaml", host), ("clusters.yaml", $"{Template}\n---\n{cluster}"));

        Assert.Equal(
        [
            "hosts.yaml: document 1 (Host sled-1): spec.role: must be kvm or metal (got 'vm')",
            "hosts.yaml: document 1 (Host sled-1): spec.cordoned: must be true or false (got 'maybe')",
            "clusters.yaml: document 2 (Cluster cluster-a): spec.kubernetes.flavour: is not a known field (known: version, serviceCidr, podCidr, dnsDomain)",
            "clusters.yaml: document 2 (Cluster cluster-a): spec.controlPlane.replicas: must be an integer (got 'three')",
            "clusters.yaml: document 2 (Cluster cluster-a): spec.workerPools[0].zone: is not a known field (known: name, replicas, machine, machineTemplateRef, metal, nodeLabels, taints)",
            "clusters.yaml: document 2 (Cluster cluster-a): spec.controlPlane.machineTemplateRef: MachineTemplate 'large' is not declared (known: small)",
        ], errors);
    }

    [Fact]
    public void Load_UnknownKindAndApiVersion_Reported()
    {
        var errors = Errors(("x.yaml", "apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: {}\n---\nkind: Host\nmetadata: { name: h }\nspec: { role: metal }\n"));

        Assert.Equal(
        [
            "x.yaml: document 1 (Pod p): apiVersion: must be liquidmetal.dev/v1alpha1 (got 'v1')",
            "x.yaml: document 1 (Pod p): kind: must be one of Host, Cluster, MachineTemplate (got 'Pod')",
            "x.yaml: document 2 (Host h): apiVersion: is required (liquidmetal.dev/v1alpha1)",
        ], errors);
    }

    [Fact]
    public void Load_MissingSections_Required()
    {
        var errors = Errors(("c.yaml", "apiVersion: liquidmetal.dev/v1alpha1\nkind: Cluster\nmetadata: { labels: { a: b } }\nspec: { kubernetes: { version: v1.30.0 } }\n"));

        Assert.Equal(
        [
            "c.yaml: document 1 (Cluster <unnamed>): metadata.name: is required",
            "c.yaml: document 1 (Cluster <unnamed>): spec.controlPlane: is required",
            "c.yaml: document 1 (Cluster <unnamed>): spec.controlPlane.endpoint: is required",
        ], errors);
    }

    [Fact]
    public void Load_YamlSyntaxError_NamesDocumentAndLine()
    {
        var errors = Errors(("bad.yaml", $"{Host}\n---\nkind: Host\nmetadata: {{ name: [unclosed\n"));

        var error = Assert.Single(errors);
        Assert.StartsWith("bad.yaml: document 2: line 8, column ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateAcrossFiles_PointsToFirst()
    {
        var errors = Errors(("a.yaml", Host), ("b.yaml", Host));

        Assert.Equal(["b.yaml: document 1 (Host sled-1): metadata.name: duplicate Host name 'sled-1' (first declared in a.yaml: document 1 (Host sled-1))"], errors);
    }

    [Fact]
    public void Load_HostileScalars_RejectedNotCrashing()
    {
        var hostile = Host.Replace("sled-1", "../../etc", StringComparison.Ordinal).Replace("127.0.0.1:9090", "127.0.0.1:9090; rm -rf /", StringComparison.Ordinal)
            + "\n---\n" + Template.Replace("vmlinuz", "\"vm linuz\"", StringComparison.Ordinal).Replace("memoryMiB: 128", "memoryMiB: 99999999999", StringComparison.Ordinal);

        var errors = Errors(("h.yaml", hostile));

        Assert.Equal(
        [
            "h.yaml: document 2 (MachineTemplate small): spec.memoryMiB: must be an integer (got '99999999999')",
            "h.yaml: document 1 (Host ../../etc): metadata.name: must be 1-63 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
            "h.yaml: document 1 (Host ../../etc): spec.failureDomain: must be 1-63 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
            "h.yaml: document 1 (Host ../../etc): spec.agent.endpoint: must be host:port (e.g. 10.0.0.11:9090, sled-1.example:9090 or [fd00::11]:9090); the port must be 1-65535",
            "h.yaml: document 2 (MachineTemplate small): spec.kernel.image: must be at most 1024 characters with no whitespace or control characters",
        ], errors);
    }

    [Fact]
    public void LoadDirectory_NestedFiles_ReadInOrdinalOrderIgnoringOthers()
    {
        using var dir = new TempDirectory()
            .Write("b/cluster.yml", Cluster)
            .Write("a/hosts.yaml", Host.Replace("127.0.0.1:9090", "bad", StringComparison.Ordinal))
            .Write("templates.yaml", Template)
            .Write("notes.txt", "not yaml: [");

        var result = FleetManifestLoader.LoadDirectory(dir.Path);

        Assert.Equal([Path.Join(dir.Path, "a/hosts.yaml")], result.Errors.Select(e => e.Location.File));
        Assert.Null(result.Fleet);
        var thrown = Assert.Throws<ManifestException>(result.GetFleetOrThrow);
        Assert.Equal(ManifestErrorCode.Invalid, thrown.Code);
        Assert.Contains("spec.agent.endpoint", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_Missing_ThrowsDirectoryNotFound()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"lm-missing-{Guid.NewGuid():N}");

        var thrown = Assert.Throws<ManifestException>(() => FleetManifestLoader.LoadDirectory(missing));

        Assert.Equal(ManifestErrorCode.DirectoryNotFound, thrown.Code);
    }

    [Fact]
    public void LoadDirectory_ExampleFleet_ValidAndSchedulableOnThreeSmallHosts()
    {
        var fleet = FleetManifestLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "examples/fleet")).GetFleetOrThrow();
        HostCapacity[] capacities = [.. fleet.Hosts.Select(h => new HostCapacity(h.Name, 2, 4096))];

        var plan = FleetScheduler.Plan(fleet, capacities, []);

        Assert.Equal(["sled-1", "sled-2", "sled-3"], fleet.Hosts.Select(h => h.Name));
        Assert.Equal(12, plan.Placements.Count);
        Assert.Empty(plan.Unplaced);
        Assert.All(plan.Clusters, c => Assert.Equal(ClusterScheduleState.Placed, c.State));
        Assert.All(plan.Placements.GroupBy(p => p.Placement.Host), g => Assert.Equal(4, g.Count()));
        Assert.All(FleetNodes.Expand(fleet).Where(n => n.Machine is not null), n => Assert.Equal(1, MachineSpecFactory.Build(n).Spec.Vcpu));
    }
}
