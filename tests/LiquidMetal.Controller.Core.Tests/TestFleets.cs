using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Tests;

/// <summary>Small builders for fleets in code (the golden tests use manifests instead).</summary>
internal static class TestFleets
{
    public static MachineSpec Machine(int vcpus = 1, int memoryMiB = 256) => new()
    {
        Vcpus = vcpus,
        MemoryMiB = memoryMiB,
        Kernel = new MachineKernel { Image = "vmlinuz" },
        RootVolume = new MachineVolume { Image = "rootfs.ext4" },
    };

    public static Host Kvm(string name, string? domain = null) => new()
    {
        Name = name,
        Role = HostRole.Kvm,
        FailureDomain = domain ?? name,
        Agent = new AgentConnection { Endpoint = "127.0.0.1:9090" },
    };

    public static Host Metal(string name, params (string Key, string Value)[] labels) => new()
    {
        Name = name,
        Role = HostRole.Metal,
        FailureDomain = name,
        Labels = labels.ToDictionary(l => l.Key, l => l.Value),
    };

    public static Cluster Cluster(string name, int controlPlane = 3, MachineSpec? machine = null, params WorkerPool[] pools) => new()
    {
        Name = name,
        KubernetesVersion = "v1.30.14",
        ControlPlane = new ControlPlane
        {
            Replicas = controlPlane,
            Endpoint = new ClusterEndpoint { Vip = "10.0.0.100" },
            Machine = machine ?? Machine(),
        },
        WorkerPools = pools,
    };

    public static WorkerPool Pool(string name, int replicas, MachineSpec? machine = null) =>
        new() { Name = name, Replicas = replicas, Machine = machine ?? Machine() };

    public static Fleet Fleet(IEnumerable<Host> hosts, params Cluster[] clusters) =>
        new() { Hosts = [.. hosts], Clusters = clusters };
}
