using Google.Protobuf.WellKnownTypes;
using LiquidMetal.Core.Vms;
using Wire = LiquidMetal.Api.Flintlock.Types;

namespace LiquidMetal.Controller.Agents;

/// <summary>
/// Core VM model ↔ flintlock wire types, from the client's side (the agent's ProtoMapper maps the other
/// way). Optional wire fields are set only when the core value is present, so the agent sees exactly the
/// request a flintlock client would send.
/// </summary>
internal static class MicroVmWireMapper
{
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

    /// <summary>A VM as the agent returned it. The agent echoes the provider it chose in the spec; it is kept there and in the status.</summary>
    public static MicroVm FromWire(Wire.MicroVM vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var spec = vm.Spec ?? new Wire.MicroVMSpec();
        var provider = spec.HasProvider && spec.Provider.Length > 0 ? spec.Provider : null;
        return new MicroVm
        {
            Uid = spec.HasUid ? spec.Uid : "",
            Version = vm.Version,
            Spec = FromWire(spec, provider),
            Status = FromWire(vm.Status ?? new Wire.MicroVMStatus()) with { Provider = provider },
            CreatedAt = spec.CreatedAt?.ToDateTimeOffset() ?? default,
            UpdatedAt = spec.UpdatedAt?.ToDateTimeOffset() ?? default,
            DeletedAt = spec.DeletedAt?.ToDateTimeOffset(),
        };
    }

    public static MicroVmState FromWire(Wire.MicroVMStatus.Types.MicroVMState state) => state switch
    {
        Wire.MicroVMStatus.Types.MicroVMState.Created => MicroVmState.Created,
        Wire.MicroVMStatus.Types.MicroVMState.Failed => MicroVmState.Failed,
        Wire.MicroVMStatus.Types.MicroVMState.Deleting => MicroVmState.Deleting,
        _ => MicroVmState.Pending,
    };

    private static MicroVmSpec FromWire(Wire.MicroVMSpec spec, string? provider) => new()
    {
        Id = spec.Id,
        Namespace = spec.Namespace,
        Labels = Sorted(spec.Labels),
        Vcpu = spec.Vcpu,
        MemoryMiB = spec.MemoryInMb,
        Kernel = new KernelSpec
        {
            Image = spec.Kernel?.Image ?? "",
            Filename = spec.Kernel is { HasFilename: true } k ? k.Filename : null,
            Cmdline = Sorted(spec.Kernel?.Cmdline),
            AddNetworkConfig = spec.Kernel?.AddNetworkConfig ?? false,
        },
        Initrd = spec.Initrd is null ? null : new InitrdSpec { Image = spec.Initrd.Image, Filename = spec.Initrd.HasFilename ? spec.Initrd.Filename : null },
        RootVolume = spec.RootVolume is null ? null : FromWire(spec.RootVolume),
        AdditionalVolumes = [.. spec.AdditionalVolumes.Select(FromWire)],
        Interfaces = [.. spec.Interfaces.Select(FromWire)],
        Metadata = Sorted(spec.Metadata),
        Provider = provider,
        AllowGuestAgent = spec.AllowGuestAgent,
    };

    private static MicroVmStatus FromWire(Wire.MicroVMStatus status) => new()
    {
        State = FromWire(status.State),
        Attempts = status.Retry,
        KernelMount = status.KernelMount is null ? null : FromWire(status.KernelMount),
        InitrdMount = status.InitrdMount is null ? null : FromWire(status.InitrdMount),
        Volumes = new SortedDictionary<string, MountStatus>(
            status.Volumes.Where(v => v.Value.Mount is not null).ToDictionary(v => v.Key, v => FromWire(v.Value.Mount)), StringComparer.Ordinal),
        NetworkInterfaces = new SortedDictionary<string, InterfaceStatus>(
            status.NetworkInterfaces.ToDictionary(n => n.Key, n => new InterfaceStatus(n.Value.HostDeviceName, n.Value.Index, n.Value.MacAddress)), StringComparer.Ordinal),
    };

    private static MountStatus FromWire(Wire.Mount mount) =>
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

    private static VolumeSpec FromWire(Wire.Volume volume) => new()
    {
        Id = volume.Id,
        IsReadOnly = volume.IsReadOnly,
        MountPoint = volume.HasMountPoint ? volume.MountPoint : null,
        ContainerSource = volume.Source is { HasContainerSource: true } c ? c.ContainerSource : null,
        VirtiofsSource = volume.Source is { HasVirtiofsSource: true } v ? v.VirtiofsSource : null,
        PartitionId = volume.HasPartitionId ? volume.PartitionId : null,
        SizeMiB = volume.HasSizeInMb ? volume.SizeInMb : null,
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

    private static NetworkInterfaceSpec FromWire(Wire.NetworkInterface nic) => new()
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

    private static SortedDictionary<string, string> Sorted(IDictionary<string, string>? map) =>
        new(map?.ToDictionary(kv => kv.Key, kv => kv.Value) ?? [], StringComparer.Ordinal);

    internal static DateTimeOffset? FromWire(Timestamp? timestamp) => timestamp?.ToDateTimeOffset();
}
