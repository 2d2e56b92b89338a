using System.Security.Cryptography;
using System.Text;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Core.Model;

/// <summary>
/// Builds the agent's <see cref="MicroVmSpec"/> for a node: namespace = cluster, id = node name, labels naming
/// cluster, role and pool, and a hash of everything else so a changed template shows as a changed hash.
/// </summary>
public static class MachineSpecFactory
{
    public const string RootVolumeId = "root";

    /// <summary>Hex characters of SHA-256 kept: 128 bits, and short enough for a label value (63).</summary>
    private const int HashLength = 32;

    public static NodeMachine Build(DesiredNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var machine = node.Machine ?? throw new ArgumentException($"node {node.Name} is a bare-metal node and has no microVM", nameof(node));
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in machine.Labels)
        {
            labels[key] = value;
        }

        labels[FleetApi.ClusterLabel] = node.Cluster;
        labels[FleetApi.RoleLabel] = node.Role == NodeRole.ControlPlane ? "control-plane" : "worker";
        if (node.Pool is { } pool)
        {
            labels[FleetApi.PoolLabel] = pool;
        }

        var spec = new MicroVmSpec
        {
            Id = node.Name,
            Namespace = node.Cluster,
            Labels = labels,
            Vcpu = machine.Vcpus,
            MemoryMiB = machine.MemoryMiB,
            Kernel = new KernelSpec
            {
                Image = machine.Kernel.Image,
                Filename = machine.Kernel.Filename,
                Cmdline = new SortedDictionary<string, string>(machine.Kernel.Cmdline.ToDictionary(), StringComparer.Ordinal),
            },
            Initrd = machine.Initrd is { } initrd ? new InitrdSpec { Image = initrd.Image, Filename = initrd.Filename } : null,
            RootVolume = ToVolume(RootVolumeId, machine.RootVolume),
            AdditionalVolumes = [.. machine.AdditionalVolumes.Select(v => ToVolume(v.Id ?? "", v))],
            Interfaces = [.. machine.Interfaces.Select(ToInterface)],
        };

        var hash = Hash(spec);
        labels[FleetApi.SpecHashLabel] = hash;
        return new NodeMachine(spec, hash);
    }

    /// <summary>
    /// Hash of a spec's canonical JSON, ignoring its own spec-hash label and its metadata: the bootstrap rendered into
    /// the metadata at create time (a bootstrap action, a token) must not make a node's VM look changed.
    /// </summary>
    public static string Hash(MicroVmSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var labels = spec.Labels.Where(kv => kv.Key != FleetApi.SpecHashLabel).ToDictionary(kv => kv.Key, kv => kv.Value);
        var json = MicroVmJson.Serialize(MicroVmJson.Canonical(spec with { Labels = labels, Metadata = new SortedDictionary<string, string>(StringComparer.Ordinal) }));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..HashLength];
    }

    private static VolumeSpec ToVolume(string id, MachineVolume volume) => new()
    {
        Id = id,
        ContainerSource = volume.Image,
        SizeMiB = volume.SizeMiB,
        MountPoint = volume.MountPoint,
        IsReadOnly = volume.ReadOnly,
    };

    private static NetworkInterfaceSpec ToInterface(MachineInterface nic) => new()
    {
        DeviceId = nic.DeviceId,
        Type = nic.Type,
        BridgeName = nic.Bridge,
    };
}
