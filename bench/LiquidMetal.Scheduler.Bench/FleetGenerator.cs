using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Scheduler.Bench;

/// <summary>Deterministic (seeded) fleets shaped like the seed's generic servers and small clusters.</summary>
internal static class FleetGenerator
{
    private static readonly (int Cpus, int MemoryMiB)[] ControlPlaneSizes = [(1, 2048), (2, 4096), (2, 8192), (4, 8192)];
    private static readonly (int Cpus, int MemoryMiB)[] WorkerSizes = [(2, 4096), (4, 8192), (4, 16384), (8, 16384), (8, 32768)];

    /// <summary>
    /// <paramref name="clusters"/> clusters of 3 control-plane nodes and 2 workers (random sizes) on
    /// <paramref name="hosts"/> generic servers (64 vCPUs, 256 GiB), <paramref name="hostsPerDomain"/> per failure domain.
    /// </summary>
    public static Workload Generate(string name, int hosts, int clusters, int hostsPerDomain, bool reserve, int seed)
    {
        var random = new Random(seed);
        var hostList = new List<Host>(hosts);
        var capacities = new List<HostCapacity>(hosts);
        for (var i = 0; i < hosts; i++)
        {
            var hostName = $"host-{i:D5}";
            hostList.Add(new Host
            {
                Name = hostName,
                Role = HostRole.Kvm,
                FailureDomain = $"fd-{i / hostsPerDomain:D5}",
                Agent = new AgentConnection { Endpoint = $"10.0.{i / 250}.{i % 250}:9090" },
                Reserved = reserve ? new ResourceAmount(2, 8192) : ResourceAmount.None,
            });
            capacities.Add(new HostCapacity(hostName, 64, 256 * 1024));
        }

        var clusterList = new List<Cluster>(clusters);
        for (var i = 0; i < clusters; i++)
        {
            var cp = ControlPlaneSizes[random.Next(ControlPlaneSizes.Length)];
            var worker = WorkerSizes[random.Next(WorkerSizes.Length)];
            clusterList.Add(new Cluster
            {
                Name = $"cluster-{i:D5}",
                KubernetesVersion = "v1.30.14",
                ControlPlane = new ControlPlane { Replicas = 3, Endpoint = new ClusterEndpoint { Vip = "10.1.0.1" }, Machine = Machine(cp) },
                WorkerPools = [new WorkerPool { Name = "vm", Replicas = 2, Machine = Machine(worker) }],
            });
        }

        return new Workload(name, new Fleet { Hosts = hostList, Clusters = clusterList }, capacities, clusters * 5);
    }

    private static MachineSpec Machine((int Cpus, int MemoryMiB) size) => new()
    {
        Vcpus = size.Cpus,
        MemoryMiB = size.MemoryMiB,
        Kernel = new MachineKernel { Image = "vmlinuz" },
        RootVolume = new MachineVolume { Image = "rootfs.ext4" },
    };
}
