using LiquidMetal.Api.Mapping;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Core.Vms;
using AgentWire = LiquidMetal.Api.Agent.V1;

namespace LiquidMetal.Controller.Agents;

/// <summary>Liquid Metal's HostAgent wire types (host info, VM details, watch events) → the controller's port records.</summary>
internal static class AgentWireMapper
{
    public static HostAgentInfo FromWire(AgentWire.HostInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new HostAgentInfo(
            info.Hostname,
            info.AgentVersion,
            info.Cpus,
            info.MemoryMib,
            info.DiskTotalMib,
            info.DiskFreeMib,
            info.Acceleration,
            [.. info.Providers.Select(p => new VmmProviderInfo(p.Name, p.Available, NullIfEmpty(p.Reason), [.. p.Capabilities], NullIfEmpty(p.Version)))],
            info.DefaultProvider,
            FromWire(info.Allocated),
            FromWire(info.Free),
            info.VmCount,
            info.StartedAt?.ToDateTimeOffset());
    }

    public static MicroVmDetails FromWire(AgentWire.MicroVMDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new MicroVmDetails(
            details.Uid,
            details.Namespace,
            details.Id,
            MicroVmWire.ToState(details.State),
            NullIfEmpty(details.Reason),
            [.. details.ConsoleTail],
            details.Attempts,
            NullIfEmpty(details.Provider),
            details.VmmPid == 0 ? null : details.VmmPid,
            details.LastTransition?.ToDateTimeOffset(),
            details.BootDuration?.ToTimeSpan(),
            details.NextAttemptAt?.ToDateTimeOffset(),
            details.Revision);
    }

    /// <summary>A watch event; the VM's status is completed from the event's details (reason, console tail, timings).</summary>
    public static MicroVmWatchEvent FromWire(AgentWire.MicroVMEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var kind = e.Type switch
        {
            AgentWire.MicroVMEvent.Types.EventType.Added => MicroVmWatchEventKind.Added,
            AgentWire.MicroVMEvent.Types.EventType.Deleted => MicroVmWatchEventKind.Deleted,
            AgentWire.MicroVMEvent.Types.EventType.Bookmark => MicroVmWatchEventKind.Bookmark,
            _ => MicroVmWatchEventKind.Modified,
        };
        var vm = e.Microvm is null ? null : MicroVmWire.ToMicroVm(e.Microvm);
        return new MicroVmWatchEvent(kind, e.Revision, vm is not null && e.Details is not null ? WithDetails(vm, FromWire(e.Details)) : vm);
    }

    public static MicroVm WithDetails(MicroVm vm, MicroVmDetails details) => vm with
    {
        Status = vm.Status with
        {
            Reason = details.Reason,
            ConsoleTail = details.ConsoleTail,
            Attempts = details.Attempts,
            Provider = details.Provider ?? vm.Status.Provider,
            VmmPid = details.VmmPid,
            LastTransition = details.LastTransition,
            BootDuration = details.BootDuration,
            NextAttemptAt = details.NextAttemptAt,
        },
    };

    private static ResourceAllocation FromWire(AgentWire.Allocation? allocation) =>
        new(allocation?.Vcpus ?? 0, allocation?.MemoryMib ?? 0);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
