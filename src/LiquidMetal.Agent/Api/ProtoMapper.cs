using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using LiquidMetal.Api.Mapping;
using LiquidMetal.Core.Vms;
using Wire = LiquidMetal.Api.Flintlock.Types;
using AgentWire = LiquidMetal.Api.Agent.V1;

namespace LiquidMetal.Agent.Api;

/// <summary>The agent's side of the wire mapping (shared in <see cref="MicroVmWire"/>), plus a per-version cache of answers and our details message.</summary>
internal static class ProtoMapper
{
    // Stored VMs are immutable and replaced on every change, so a VM instance maps to one wire message for
    // its lifetime: Get and List reuse it instead of rebuilding it per call (messages are only read after).
    private static readonly ConditionalWeakTable<MicroVm, Wire.MicroVM> WireCache = [];

    /// <summary>The wire form of a stored VM, built once per stored version.</summary>
    public static Wire.MicroVM ToProtoCached(MicroVm vm) => WireCache.GetValue(vm, ToProto);

    public static MicroVmSpec ToSpec(Wire.MicroVMSpec spec) => MicroVmWire.ToSpec(spec);

    public static Wire.MicroVM ToProto(MicroVm vm) => MicroVmWire.ToWire(vm);

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

    public static Wire.MicroVMStatus.Types.MicroVMState ToProto(MicroVmState state) => MicroVmWire.ToWire(state);
}
