using Google.Protobuf.WellKnownTypes;
using LiquidMetal.Core.Vms;
using Wire = LiquidMetal.Api.Flintlock.Types;

namespace LiquidMetal.Api.Mapping;

/// <summary>
/// The core VM model ↔ flintlock's wire types, both ways, for every edge that speaks the API: the agent's services
/// (wire spec in, wire VM out) and the controller's agent client (wire spec out, wire VM in). Optional wire fields
/// are set only when the core value is present, so a request looks exactly like a flintlock client's.
/// </summary>
public static class MicroVmWire
{
    /// <summary>A spec as a client sent it. A missing kernel stays null for the validator to report.</summary>
    public static MicroVmSpec ToSpec(Wire.MicroVMSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new MicroVmSpec
        {
            Id = spec.Id,
            Namespace = spec.Namespace,
            Labels = Sorted(spec.Labels),
            Vcpu = spec.Vcpu,
            MemoryMiB = spec.MemoryInMb,
            Kernel = spec.Kernel is null ? null! : new KernelSpec
            {
                Image = spec.Kernel.Image,
                Filename = spec.Kernel.HasFilename ? spec.Kernel.Filename : null,
                Cmdline = Sorted(spec.Kernel.Cmdline),
                AddNetworkConfig = spec.Kernel.AddNetworkConfig,
            },
            Initrd = spec.Initrd is null ? null : new InitrdSpec
            {
                Image = spec.Initrd.Image,
                Filename = spec.Initrd.HasFilename ? spec.Initrd.Filename : null,
            },
            RootVolume = spec.RootVolume is null ? null : ToVolume(spec.RootVolume),
            AdditionalVolumes = [.. spec.AdditionalVolumes.Select(ToVolume)],
            Interfaces = [.. spec.Interfaces.Select(ToInterface)],
            Metadata = Sorted(spec.Metadata),
            Provider = spec.HasProvider && spec.Provider.Length > 0 ? spec.Provider : null,
            AllowGuestAgent = spec.AllowGuestAgent,
        };
    }

    /// <summary>A spec as a client sends it (no uid, no timestamps).</summary>
    public static Wire.MicroVMSpec ToWire(MicroVmSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var wire = new Wire.MicroVMSpec
        {
            Id = spec.Id,
            Namespace = spec.Namespace,
            Vcpu = spec.Vcpu,
            MemoryInMb = spec.MemoryMiB,
            Kernel = spec.Kernel is null ? null : ToWire(spec.Kernel),
            RootVolume = spec.RootVolume is null ? null : ToWire(spec.RootVolume),
            AllowGuestAgent = spec.AllowGuestAgent,
        };
        wire.Labels.Add(spec.Labels.ToDictionary());
        wire.Metadata.Add(spec.Metadata.ToDictionary());
        wire.AdditionalVolumes.Add(spec.AdditionalVolumes.Select(ToWire));
        wire.Interfaces.Add(spec.Interfaces.Select(ToWire));
        if (spec.Initrd is { } initrd)
        {
            wire.Initrd = new Wire.Initrd { Image = initrd.Image };
            if (initrd.Filename is not null)
            {
                wire.Initrd.Filename = initrd.Filename;
            }
        }

        if (spec.Provider is not null)
        {
            wire.Provider = spec.Provider;
        }

        return wire;
    }

    /// <summary>A stored VM as the agent answers with it: the spec carries the uid, the provider in use and the times.</summary>
    public static Wire.MicroVM ToWire(MicroVm vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var spec = ToWire(vm.Spec);
        spec.Uid = vm.Uid;
        spec.Provider = vm.Status.Provider ?? vm.Spec.Provider ?? "";
        spec.CreatedAt = Timestamp.FromDateTimeOffset(vm.CreatedAt);
        spec.UpdatedAt = Timestamp.FromDateTimeOffset(vm.UpdatedAt);
        spec.DeletedAt = vm.DeletedAt is { } deleted ? Timestamp.FromDateTimeOffset(deleted) : null;
        return new Wire.MicroVM { Version = vm.Version, Spec = spec, Status = ToWire(vm.Status) };
    }

    /// <summary>A VM as an agent returned it. The agent echoes the provider it chose in the spec; it is kept there and in the status.</summary>
    public static MicroVm ToMicroVm(Wire.MicroVM vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var spec = vm.Spec ?? new Wire.MicroVMSpec();
        var core = ToSpec(spec);
        return new MicroVm
        {
            Uid = spec.HasUid ? spec.Uid : "",
            Version = vm.Version,
            Spec = core.Kernel is null ? core with { Kernel = new KernelSpec { Image = "" } } : core,
            Status = ToStatus(vm.Status ?? new Wire.MicroVMStatus()) with { Provider = core.Provider },
            CreatedAt = spec.CreatedAt?.ToDateTimeOffset() ?? default,
            UpdatedAt = spec.UpdatedAt?.ToDateTimeOffset() ?? default,
            DeletedAt = spec.DeletedAt?.ToDateTimeOffset(),
        };
    }

    public static Wire.MicroVMStatus.Types.MicroVMState ToWire(MicroVmState state) => state switch
    {
        MicroVmState.Created => Wire.MicroVMStatus.Types.MicroVMState.Created,
        MicroVmState.Failed => Wire.MicroVMStatus.Types.MicroVMState.Failed,
        MicroVmState.Deleting => Wire.MicroVMStatus.Types.MicroVMState.Deleting,
        _ => Wire.MicroVMStatus.Types.MicroVMState.Pending,
    };

    public static MicroVmState ToState(Wire.MicroVMStatus.Types.MicroVMState state) => state switch
    {
        Wire.MicroVMStatus.Types.MicroVMState.Created => MicroVmState.Created,
        Wire.MicroVMStatus.Types.MicroVMState.Failed => MicroVmState.Failed,
        Wire.MicroVMStatus.Types.MicroVMState.Deleting => MicroVmState.Deleting,
        _ => MicroVmState.Pending,
    };

    private static Wire.MicroVMStatus ToWire(MicroVmStatus status)
    {
        var wire = new Wire.MicroVMStatus
        {
            State = ToWire(status.State),
            KernelMount = status.KernelMount is null ? null : ToWire(status.KernelMount),
            InitrdMount = status.InitrdMount is null ? null : ToWire(status.InitrdMount),
            Retry = status.Attempts,
        };
        foreach (var (id, mount) in status.Volumes)
        {
            wire.Volumes[id] = new Wire.VolumeStatus { Mount = ToWire(mount) };
        }

        foreach (var (id, nic) in status.NetworkInterfaces)
        {
            wire.NetworkInterfaces[id] = new Wire.NetworkInterfaceStatus { HostDeviceName = nic.HostDeviceName, Index = nic.Index, MacAddress = nic.MacAddress };
        }

        return wire;
    }

    private static MicroVmStatus ToStatus(Wire.MicroVMStatus status) => new()
    {
        State = ToState(status.State),
        Attempts = status.Retry,
        KernelMount = status.KernelMount is null ? null : ToMount(status.KernelMount),
        InitrdMount = status.InitrdMount is null ? null : ToMount(status.InitrdMount),
        Volumes = new SortedDictionary<string, MountStatus>(
            status.Volumes.Where(v => v.Value.Mount is not null).ToDictionary(v => v.Key, v => ToMount(v.Value.Mount)), StringComparer.Ordinal),
        NetworkInterfaces = new SortedDictionary<string, InterfaceStatus>(
            status.NetworkInterfaces.ToDictionary(n => n.Key, n => new InterfaceStatus(n.Value.HostDeviceName, n.Value.Index, n.Value.MacAddress)), StringComparer.Ordinal),
    };

    private static Wire.Mount ToWire(MountStatus mount) => new()
    {
        Type = mount.Type == MountType.Dev ? Wire.Mount.Types.MountType.Dev : Wire.Mount.Types.MountType.Hostpath,
        Source = mount.Source,
    };

    private static MountStatus ToMount(Wire.Mount mount) =>
        new(mount.Type == Wire.Mount.Types.MountType.Dev ? MountType.Dev : MountType.HostPath, mount.Source);

    private static Wire.Kernel ToWire(KernelSpec kernel)
    {
        var wire = new Wire.Kernel { Image = kernel.Image, AddNetworkConfig = kernel.AddNetworkConfig };
        wire.Cmdline.Add(kernel.Cmdline.ToDictionary());
        if (kernel.Filename is not null)
        {
            wire.Filename = kernel.Filename;
        }

        return wire;
    }

    private static VolumeSpec ToVolume(Wire.Volume volume) => new()
    {
        Id = volume.Id,
        IsReadOnly = volume.IsReadOnly,
        MountPoint = volume.HasMountPoint ? volume.MountPoint : null,
        ContainerSource = volume.Source is { HasContainerSource: true } s ? s.ContainerSource : null,
        VirtiofsSource = volume.Source is { HasVirtiofsSource: true } v ? v.VirtiofsSource : null,
        PartitionId = volume.HasPartitionId ? volume.PartitionId : null,
        SizeMiB = volume.HasSizeInMb ? volume.SizeInMb : null,
    };

    private static Wire.Volume ToWire(VolumeSpec volume)
    {
        var wire = new Wire.Volume { Id = volume.Id, IsReadOnly = volume.IsReadOnly, Source = new Wire.VolumeSource() };
        if (volume.MountPoint is not null)
        {
            wire.MountPoint = volume.MountPoint;
        }

        if (volume.ContainerSource is not null)
        {
            wire.Source.ContainerSource = volume.ContainerSource;
        }

        if (volume.VirtiofsSource is not null)
        {
            wire.Source.VirtiofsSource = volume.VirtiofsSource;
        }

        if (volume.PartitionId is not null)
        {
            wire.PartitionId = volume.PartitionId;
        }

        if (volume.SizeMiB is { } size)
        {
            wire.SizeInMb = size;
        }

        return wire;
    }

    private static NetworkInterfaceSpec ToInterface(Wire.NetworkInterface nic) => new()
    {
        DeviceId = nic.DeviceId,
        Type = (InterfaceType)(int)nic.Type,
        GuestMac = nic.HasGuestMac && nic.GuestMac.Length > 0 ? nic.GuestMac : null,
        Address = nic.Address is null ? null : new StaticAddressSpec
        {
            Address = nic.Address.Address,
            Gateway = nic.Address.HasGateway && nic.Address.Gateway.Length > 0 ? nic.Address.Gateway : null,
            Nameservers = [.. nic.Address.Nameservers],
        },
        BridgeName = nic.Overrides is { HasBridgeName: true } o && o.BridgeName.Length > 0 ? o.BridgeName : null,
    };

    private static Wire.NetworkInterface ToWire(NetworkInterfaceSpec nic)
    {
        var wire = new Wire.NetworkInterface { DeviceId = nic.DeviceId, Type = (Wire.NetworkInterface.Types.IfaceType)(int)nic.Type };
        if (nic.GuestMac is not null)
        {
            wire.GuestMac = nic.GuestMac;
        }

        if (nic.Address is { } address)
        {
            wire.Address = new Wire.StaticAddress { Address = address.Address };
            wire.Address.Nameservers.Add(address.Nameservers);
            if (address.Gateway is not null)
            {
                wire.Address.Gateway = address.Gateway;
            }
        }

        if (nic.BridgeName is not null)
        {
            wire.Overrides = new Wire.NetworkOverrides { BridgeName = nic.BridgeName };
        }

        return wire;
    }

    private static SortedDictionary<string, string> Sorted(IDictionary<string, string>? map) =>
        new(map?.ToDictionary(kv => kv.Key, kv => kv.Value) ?? [], StringComparer.Ordinal);
}
