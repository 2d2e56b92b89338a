using System.Globalization;
using System.Text;

namespace LiquidMetal.Controller.Bench.Site;

/// <summary>
/// The desired state as an operator's Git repository would hold it: <c>hosts.yaml</c>, <c>templates.yaml</c> and one
/// file per cluster under <c>clusters/</c>. Deterministic for a <see cref="SiteShape"/>.
/// </summary>
internal static class FleetManifests
{
    /// <summary>Machine templates: control planes of 2 vCPUs (2 or 4 GiB), workers of 2 to 8 vCPUs (4 to 16 GiB).</summary>
    private static readonly (string Name, int Vcpus, int MemoryMiB)[] Templates =
    [
        ("cp-small", 2, 2048),
        ("cp-medium", 2, 4096),
        ("worker-small", 2, 4096),
        ("worker-medium", 4, 8192),
        ("worker-large", 8, 16384),
    ];

    public static string HostName(int index) => string.Create(CultureInfo.InvariantCulture, $"host-{index + 1:D2}");

    public static string ClusterName(int index) => string.Create(CultureInfo.InvariantCulture, $"cluster-{index + 1:D4}");

    /// <summary>Writes the manifests under <paramref name="directory"/>; <paramref name="agents"/> gives each host's endpoint, CA and token files.</summary>
    public static void Write(string directory, SiteShape shape, IReadOnlyList<(string Endpoint, string CaFile, string TokenFile)> agents)
    {
        Directory.CreateDirectory(Path.Combine(directory, "clusters"));
        File.WriteAllText(Path.Combine(directory, "hosts.yaml"), HostsYaml(shape, agents));
        File.WriteAllText(Path.Combine(directory, "templates.yaml"), TemplatesYaml());
        var random = new Random(shape.Seed);
        for (var i = 0; i < shape.Clusters; i++)
        {
            File.WriteAllText(Path.Combine(directory, "clusters", ClusterName(i) + ".yaml"), ClusterYaml(i, random));
        }
    }

    private static string HostsYaml(SiteShape shape, IReadOnlyList<(string Endpoint, string CaFile, string TokenFile)> agents)
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < shape.Hosts; i++)
        {
            var (endpoint, caFile, tokenFile) = agents[i];
            yaml.Append(CultureInfo.InvariantCulture, $"""
                {(i == 0 ? "" : "---\n")}apiVersion: liquidmetal.dev/v1alpha1
                kind: Host
                metadata:
                  name: {HostName(i)}
                  labels: {"{"} rack: rack-{(i / shape.HostsPerRack) + 1:D2} {"}"}
                spec:
                  role: kvm
                  failureDomain: rack-{(i / shape.HostsPerRack) + 1:D2}
                  agent:
                    endpoint: "{endpoint}"
                    caFile: {caFile}
                    tokenFile: {tokenFile}
                  reserved: {"{"} cpus: 4, memoryMiB: 16384 {"}"}
                  overcommit: {"{"} cpu: 4.0, memory: 1.0 {"}"}

                """);
        }

        return yaml.ToString();
    }

    private static string TemplatesYaml() => string.Join("---\n", Templates.Select(t => string.Create(CultureInfo.InvariantCulture, $"""
        apiVersion: liquidmetal.dev/v1alpha1
        kind: MachineTemplate
        metadata:
          name: {t.Name}
        spec:
          vcpus: {t.Vcpus}
          memoryMiB: {t.MemoryMiB}
          kernel:
            image: vmlinuz
            cmdline: {"{"} console: ttyS0 {"}"}
          initrd: {"{"} image: initrd.img {"}"}
          rootVolume: {"{"} image: rootfs.ext4, sizeMiB: 20480 {"}"}
          interfaces:
            - {"{"} deviceId: eth0, type: tap {"}"}

        """)));

    /// <summary>3 control-plane nodes and 1 to 3 workers; one cluster in four with 2 or 3 workers splits them into two pools.</summary>
    private static string ClusterYaml(int index, Random random)
    {
        var controlPlane = Templates[random.Next(2)].Name;
        var workers = 1 + random.Next(3);
        var split = workers >= 2 && random.Next(4) == 0;
        var pools = split
            ? $"""
                  - {"{"} name: general, replicas: {workers - 1}, machineTemplateRef: {Templates[2 + random.Next(2)].Name} {"}"}
                  - {"{"} name: large, replicas: 1, machineTemplateRef: worker-large {"}"}
              """
            : $"""
                  - {"{"} name: general, replicas: {workers}, machineTemplateRef: {Templates[2 + random.Next(2)].Name} {"}"}
              """;
        return string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: liquidmetal.dev/v1alpha1
            kind: Cluster
            metadata:
              name: {ClusterName(index)}
              labels: {"{"} team: team-{(index % 40) + 1:D2} {"}"}
            spec:
              kubernetes: {"{"} version: v1.30.14 {"}"}
              controlPlane:
                replicas: 3
                endpoint: {"{"} vip: 10.{64 + (index / 250)}.{index % 250}.10 {"}"}
                machineTemplateRef: {controlPlane}
                allowOvercommit: true
              workerPools:
            {pools}

            """);
    }
}
