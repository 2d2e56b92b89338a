using System.Globalization;
using LiquidMetal.Api.Controller.V1;

namespace LiquidMetal.Cli.Tests;

/// <summary>Controller API messages as the controller sends them, for the renderers' tests.</summary>
internal static class ControllerSamples
{
    public static string Ago(TimeSpan age) => (Samples.Now - age).ToString("O", CultureInfo.InvariantCulture);

    public static GetHostsResponse Hosts() => new()
    {
        Hosts =
        {
            new HostStatus { Name = "sled-1", Role = "kvm", State = "Reachable", Cpus = 32, MemoryMib = 131072, Machines = 3, Endpoint = "10.0.0.11:9090" },
            new HostStatus
            {
                Name = "sled-2", Role = "kvm", State = "Unreachable", Cpus = 32, MemoryMib = 131072, Machines = 2, Endpoint = "10.0.0.12:9090",
                UnreachableSince = Ago(TimeSpan.FromSeconds(40)), LastError = "connection refused\nretrying",
            },
            new HostStatus
            {
                Name = "sled-3", Role = "kvm", State = "Failed", Machines = 0, Endpoint = "10.0.0.13:9090",
                UnreachableSince = Ago(TimeSpan.FromMinutes(12)), FailedSince = Ago(TimeSpan.FromMinutes(11)), LastError = "deadline exceeded",
            },
            new HostStatus { Name = "metal-1", Role = "metal", State = "Metal" },
        },
    };

    public static Condition Condition(string type, string status, string reason, string message, TimeSpan? age = null) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        LastTransitionTime = Ago(age ?? TimeSpan.FromMinutes(3)),
        ObservedGeneration = 2,
    };

    public static ClusterStatus Alpha() => new()
    {
        Name = "alpha",
        KubernetesVersion = "v1.30.14",
        ControlPlaneReplicas = 3,
        Machines = 5,
        MachinesReady = 4,
        Conditions =
        {
            Condition("Placed", "True", "Placed", "every node has a host"),
            Condition("ControlPlaneQuorum", "True", "Quorum", "3 of 3 control-plane VMs available"),
            Condition("Converged", "False", "Waiting", "4 of 5 nodes available; waiting: alpha-vm-1: no host", TimeSpan.FromSeconds(30)),
        },
    };

    public static GetClustersResponse Clusters() => new()
    {
        Revision = "sha256:0123456789abcdef",
        Generation = 2,
        Clusters =
        {
            Alpha(),
            new ClusterStatus
            {
                Name = "beta",
                KubernetesVersion = "v1.31.2",
                ControlPlaneReplicas = 1,
                Machines = 1,
                MachinesReady = 1,
                Conditions =
                {
                    Condition("Placed", "True", "Placed", "every node has a host"),
                    Condition("ControlPlaneQuorum", "True", "Quorum", "1 of 1"),
                    Condition("Converged", "True", "Converged", "every node runs its current spec"),
                },
            },
            new ClusterStatus { Name = "gamma", KubernetesVersion = "v1.31.2", ControlPlaneReplicas = 1, Machines = 1 },
        },
    };

    public static Machine Machine(string node, string role, string pool, string host, string phase, Condition available) => new()
    {
        Cluster = "alpha",
        Node = node,
        Role = role,
        Pool = pool,
        Host = host,
        VmId = host.Length == 0 ? "" : node + "-0a1b2c3d",
        SpecHash = host.Length == 0 ? "" : "5e6f7a8b",
        Phase = phase,
        Conditions =
        {
            Condition("Placed", host.Length == 0 ? "False" : "True", host.Length == 0 ? "Unschedulable" : "Placed", host.Length == 0 ? "no host has room" : $"on {host}"),
            available,
            Condition("UpToDate", "True", "Current", "no VM with an older spec or on another host"),
        },
    };

    public static GetMachinesResponse Machines() => new()
    {
        Machines =
        {
            Machine("alpha-cp-0", "control-plane", "", "sled-1", "Created", Condition("VmAvailable", "True", "Running", "VM alpha-cp-0-0a1b2c3d on sled-1 is Created")),
            Machine("alpha-cp-1", "control-plane", "", "sled-2", "Creating", Condition("VmAvailable", "Unknown", "HostUnreachable", "host sled-2 does not answer; its VMs are presumed running")),
            Machine("alpha-vm-1", "worker", "vm", "", "", Condition("VmAvailable", "False", "NotPlaced", "no host has room")),
        },
    };

    public static DescribeClusterResponse Described()
    {
        var response = new DescribeClusterResponse { Cluster = Alpha() };
        response.Machines.AddRange(Machines().Machines);
        response.Placements.Add(new NodePlacement { Cluster = "alpha", Node = "alpha-cp-0", Role = "control-plane", Host = "sled-1", Change = "Kept", Reason = "kept on sled-1 (recorded)" });
        response.Placements.Add(new NodePlacement { Cluster = "alpha", Node = "alpha-cp-1", Role = "control-plane", Host = "sled-2", Change = "Kept", Reason = "kept on sled-2 (grace period)" });
        response.Events.Add(new Event { Sequence = 7, At = Ago(TimeSpan.FromMinutes(5)), Kind = "Machine", Name = "alpha-cp-0", Severity = "Normal", Reason = "CreatingVm", Message = "creating VM alpha-cp-0-0a1b2c3d on sled-1" });
        response.Events.Add(new Event { Sequence = 9, At = Ago(TimeSpan.FromSeconds(30)), Kind = "Machine", Name = "alpha-vm-1", Severity = "Warning", Reason = "NotPlaced", Message = "VmAvailable is False: no host has room" });
        return response;
    }

    public static PlanResponse Plan()
    {
        var plan = new PlanResponse { Revision = "sha256:fedcba9876543210fedcba" };
        plan.Clusters.Add(new ClusterSchedule { Cluster = "alpha", State = "Placed" });
        plan.Clusters.Add(new ClusterSchedule { Cluster = "gamma", State = "Unschedulable", Reasons = { "gamma-cp-0: no host has room" } });
        plan.Placements.Add(new NodePlacement { Cluster = "alpha", Node = "alpha-cp-0", Role = "control-plane", Host = "sled-1", Change = "Kept", Reason = "kept on sled-1 (recorded)" });
        plan.Placements.Add(new NodePlacement { Cluster = "alpha", Node = "alpha-vm-2", Role = "worker", Pool = "vm", Host = "sled-3", Change = "New", Reason = "most free memory (24 GiB)" });
        plan.Unplaced.Add(new UnplacedNode
        {
            Cluster = "gamma",
            Node = "gamma-cp-0",
            Reason = "no host has room",
            Rejections = { "sled-1: needs 200000 MiB, 90000 MiB free", "sled-2: needs 200000 MiB, 88000 MiB free" },
        });
        plan.Actions.Add(new PlannedAction { Kind = "create", Cluster = "alpha", Node = "alpha-vm-2", Host = "sled-3", VmId = "alpha-vm-2-0a1b2c3d", Reason = "most free memory (24 GiB)" });
        plan.Actions.Add(new PlannedAction { Kind = "delete", Cluster = "beta", Node = "beta-cp-0", Host = "sled-2", VmId = "beta-cp-0-77aa88bb", Reason = "cluster beta is no longer declared" });
        plan.Actions.Add(new PlannedAction { Kind = "forget", Cluster = "beta", Node = "beta-vm-0", Reason = "node beta-vm-0 is gone" });
        plan.Waiting.Add("gamma-cp-0: no host (no host has room)");
        return plan;
    }
}
