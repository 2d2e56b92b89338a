using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using LiquidMetal.Core.Vms;
using Wire = LiquidMetal.Api.Flintlock.Types;
using AgentWire = LiquidMetal.Api.Agent.V1;

namespace LiquidMetal.Agent.Api;

/// <summary>Maps between the wire types (flintlock's and ours) and the core model. The core never sees generated types.</summary>
internal static class ProtoMapper
{
    // Stored VMs are immutable and replaced on every change, so a VM instance maps to one wire message for
    // its lifetime: Get and List reuse it instead of rebuilding it per call (messages are only read after).
    private static readonly ConditionalWeakTable<MicroVm, Wire.MicroVM> WireCache = [];

    /// <summary>The wire form of a stored VM, built once per stored version.</summary>
    public static Wire.MicroVM ToProtoCached(MicroVm vm) => WireCache.GetValue(vm, ToProto);

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

    public static Wire.MicroVM ToProto(MicroVm vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var spec = vm.Spec;
        var pb = new Wire.MicroVMSpec
        {
            Id = spec.Id,
            Namespace = spec.Namespace,
            Vcpu = spec.Vcpu,
            MemoryInMb = spec.MemoryMiB,
            Kernel = ToProto(spec.Kernel),
            RootVolume = spec.RootVolume is null ? null : ToProto(spec.RootVolume),
            Uid = vm.Uid,
            Provider = vm.Status.Provider ?? spec.Provider ?? "",
            AllowGuestAgent = spec.AllowGuestAgent,
            CreatedAt = Timestamp.FromDateTimeOffset(vm.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(vm.UpdatedAt),
            DeletedAt = vm.DeletedAt is { } deleted ? Timestamp.FromDateTimeOffset(deleted) : null,
        };
        pb.Labels.Add(spec.Labels.ToDictionary());
        pb.Metadata.Add(spec.Metadata.ToDictionary());
        if (spec.Initrd is { } initrd)
        {
            pb.Initrd = new Wire.Initrd { Image = initrd.Image };
            if (initrd.Filename is not null)
            {
                pb.Initrd.Filename = initrd.Filename;
            }
        }

        pb.AdditionalVolumes.Add(spec.AdditionalVolumes.Select(ToProto));
        pb.Interfaces.Add(spec.Interfaces.Select(ToProto));
        return new Wire.MicroVM { Version = vm.Version, Spec = pb, Status = ToProto(vm.Status) };
    }

    public static AgentWire.MicroVMDetails ToDetails(MicroVm vm, long revision)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var status = vm.Status;
        var details = new AgentWire.MicroVMDetails
        {
            Uid = vm.Uid,
            Namespace = vm.Namespace,
            Id = vm.Id,
            State = ToProto(status.State),
            Reason = status.Reason ?? "",
            Attempts = status.Attempts,
            Provider = status.Provider ?? vm.Spec.Provider ?? "",
            VmmPid = status.VmmPid ?? 0,
            LastTransition = status.LastTransition is { } t ? Timestamp.FromDateTimeOffset(t) : null,
            BootDuration = status.BootDuration is { } d ? Duration.FromTimeSpan(d) : null,
            NextAttemptAt = status.NextAttemptAt is { } n ? Timestamp.FromDateTimeOffset(n) : null,
            Revision = revision,
        };
        details.ConsoleTail.Add(status.ConsoleTail);
        return details;
    }

    public static Wire.MicroVMStatus.Types.MicroVMState ToProto(MicroVmState state) => state switch
    {
        MicroVmState.Created => Wire.MicroVMStatus.Types.MicroVMState.Created,
        MicroVmState.Failed => Wire.MicroVMStatus.Types.MicroVMState.Failed,
        MicroVmState.Deleting => Wire.MicroVMStatus.Types.MicroVMState.Deleting,
        _ => Wire.MicroVMStatus.Types.MicroVMState.Pending,
    };

    private static Wire.MicroVMStatus ToProto(MicroVmStatus status)
    {
        var pb = new Wire.MicroVMStatus
        {
            State = ToProto(status.State),
            KernelMount = status.KernelMount is null ? null : ToProto(status.KernelMount),
            InitrdMount = status.InitrdMount is null ? null : ToProto(status.InitrdMount),
            Retry = status.Attempts,
        };
        foreach (var (id, mount) in status.Volumes)
        {
            pb.Volumes[id] = new Wire.VolumeStatus { Mount = ToProto(mount) };
        }

        foreach (var (id, nic) in status.NetworkInterfaces)
        {
            pb.NetworkInterfaces[id] = new Wire.NetworkInterfaceStatus { HostDeviceName = nic.HostDeviceName, Index = nic.Index, MacAddress = nic.MacAddress };
        }

        return pb;
    }

    private static Wire.Mount ToProto(MountStatus mount) => new()
    {
        Type = mount.Type == MountType.Dev ? Wire.Mount.Types.MountType.Dev : Wire.Mount.Types.MountType.Hostpath,
        Source = mount.Source,
    };

    private static Wire.Kernel ToProto(KernelSpec kernel)
    {
        var pb = new Wire.Kernel { Image = kernel.Image, AddNetworkConfig = kernel.AddNetworkConfig };
        pb.Cmdline.Add(kernel.Cmdline.ToDictionary());
        if (kernel.Filename is not null)
        {
            pb.Filename = kernel.Filename;
        }

        return pb;
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

    private static Wire.Volume ToProto(VolumeSpec volume)
    {
        var pb = new Wire.Volume { Id = volume.Id, IsReadOnly = volume.IsReadOnly, Source = new Wire.VolumeSource() };
        if (volume.MountPoint is not null)
        {
            pb.MountPoint = volume.MountPoint;
        }

        if (volume.ContainerSource is not null)
        {
            pb.Source.ContainerSource = volume.ContainerSource;
        }

        if (volume.VirtiofsSource is not null)
        {
            pb.Source.VirtiofsSource = volume.VirtiofsSource;
        }

        if (volume.PartitionId is not null)
        {
            pb.PartitionId = volume.PartitionId;
        }

        if (volume.SizeMiB is { } size)
        {
            pb.SizeInMb = size;
        }

        return pb;
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

    private static Wire.NetworkInterface ToProto(NetworkInterfaceSpec nic)
    {
        var pb = new Wire.NetworkInterface { DeviceId = nic.DeviceId, Type = (Wire.NetworkInterface.Types.IfaceType)(int)nic.Type };
        if (nic.GuestMac is not null)
        {
            pb.GuestMac = nic.GuestMac;
        }

        if (nic.Address is { } address)
        {
            pb.Address = new Wire.StaticAddress { Address = address.Address };
            if (address.Gateway is not null)
            {
                pb.Address.Gateway = address.Gateway;
            }

            pb.Address.Nameservers.Add(address.Nameservers);
        }

        if (nic.BridgeName is not null)
        {
            pb.Overrides = new Wire.NetworkOverrides { BridgeName = nic.BridgeName };
        }

        return pb;
    }

    private static SortedDictionary<string, string> Sorted(IDictionary<string, string> map) =>
        new(map.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);
}
