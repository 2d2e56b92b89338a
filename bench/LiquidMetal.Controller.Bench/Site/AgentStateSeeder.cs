using System.Globalization;
using LiquidMetal.Agent.Sqlite;
using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Core.Vms;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Controller.Bench.Site;

/// <summary>
/// Writes VMs into an agent's own store (its <c>agent.db</c>, through <see cref="SqliteVmStore"/>) before the agent
/// starts, as the agent leaves them after creating and booting them: the spec as its create stores it (defaults,
/// canonical form), then a status of a running VM (Created, its QEMU pid, mounts, its tap device). The agent runs
/// with reconciliation off, so it serves these records and never looks for the QEMU processes.
/// </summary>
internal static class AgentStateSeeder
{
    public static async Task SeedAsync(string stateDirectory, IReadOnlyList<NodeVm> vms, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var ulids = new UlidGenerator(time);
        await using var store = await SqliteVmStore.OpenAsync(
            new SqliteVmStoreOptions { DatabasePath = Path.Combine(stateDirectory, "agent.db") },
            NullLogger<SqliteVmStore>.Instance, time, cancellationToken);
        // Concurrent writes share transactions (the store's group commit), as concurrent API calls would.
        await Task.WhenAll(vms.Select((vm, i) => CreateRunningAsync(store, vm, ulids.Next(), i, time.GetUtcNow(), cancellationToken)));
    }

    private static async Task CreateRunningAsync(SqliteVmStore store, NodeVm node, string uid, int index, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var spec = MicroVmJson.Canonical(MicroVmDefaults.Apply(node.Machine.Spec));
        var created = await store.CreateAsync(new MicroVm { Uid = uid, Spec = spec, CreatedAt = now, UpdatedAt = now }, cancellationToken);
        var vm = created.Vm;
        await store.UpdateAsync(vm with { Status = RunningStatus(vm.Spec, vm.Uid, index, now), UpdatedAt = now }, vm.Version, cancellationToken);
    }

    /// <summary>The VM as the agent stores it once created and booted (what <see cref="SeedAsync"/> leaves), without a store.</summary>
    public static MicroVm Running(NodeVm node, string uid, int index, DateTimeOffset now)
    {
        var spec = MicroVmJson.Canonical(MicroVmDefaults.Apply(node.Machine.Spec));
        return new MicroVm { Uid = uid, Version = 2, Spec = spec, Status = RunningStatus(spec, uid, index, now), CreatedAt = now, UpdatedAt = now };
    }

    private static MicroVmStatus RunningStatus(MicroVmSpec spec, string uid, int index, DateTimeOffset now)
    {
        var vmDirectory = $"/var/lib/liquidmetal/agent/vms/{uid}";
        return new MicroVmStatus
        {
            State = MicroVmState.Created,
            Provider = "qemu",
            VmmPid = 10_000 + index,
            BootStartedAt = now.AddSeconds(-3),
            BootDuration = TimeSpan.FromMilliseconds(2480 + (index % 400)),
            LastTransition = now,
            KernelMount = new MountStatus(MountType.HostPath, "/var/lib/liquidmetal/images/vmlinuz"),
            InitrdMount = spec.Initrd is null ? null : new MountStatus(MountType.HostPath, "/var/lib/liquidmetal/images/initrd.img"),
            Volumes = new SortedDictionary<string, MountStatus>(StringComparer.Ordinal)
            {
                [spec.RootVolume!.Id] = new MountStatus(MountType.HostPath, $"{vmDirectory}/{spec.RootVolume.Id}.qcow2"),
            },
            NetworkInterfaces = new SortedDictionary<string, InterfaceStatus>(
                spec.Interfaces.ToDictionary(
                    n => n.DeviceId,
                    n => new InterfaceStatus(string.Create(CultureInfo.InvariantCulture, $"lmtap{index:x5}"), 100 + index,
                        string.Create(CultureInfo.InvariantCulture, $"52:54:00:{(index >> 16) & 0xff:x2}:{(index >> 8) & 0xff:x2}:{index & 0xff:x2}"))),
                StringComparer.Ordinal),
        };
    }
}
