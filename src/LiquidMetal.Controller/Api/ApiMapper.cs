using System.Globalization;
using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Core.Scheduling;
using Wire = LiquidMetal.Api.Controller.V1;

namespace LiquidMetal.Controller.Api;

/// <summary>Core types to the controller API's messages (the core never sees generated types).</summary>
internal static class ApiMapper
{
    public static string Time(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture) ?? "";

    public static string Role(NodeRole role) => role == NodeRole.ControlPlane ? "control-plane" : "worker";

    public static Wire.NodePlacement ToWire(NodePlacement placement) => new()
    {
        Cluster = placement.Placement.Cluster,
        Node = placement.Placement.Node,
        Role = Role(placement.Placement.Role),
        Pool = placement.Placement.Pool ?? "",
        Host = placement.Placement.Host,
        Change = placement.Change.ToString(),
        Reason = placement.Reason,
    };

    public static Wire.UnplacedNode ToWire(UnplacedNode node)
    {
        var wire = new Wire.UnplacedNode { Cluster = node.Cluster, Node = node.Node, Reason = node.Reason };
        wire.Rejections.AddRange(node.Rejections.Select(r => r.ToString()));
        return wire;
    }

    public static Wire.PlannedAction ToWire(ConvergenceAction action) => action switch
    {
        CreateVmAction c => new() { Kind = "create", Cluster = c.Record.Cluster, Node = c.Record.Node, Host = c.Host, VmId = c.Vm.VmId, Reason = c.Reason },
        DeleteVmAction d => new() { Kind = "delete", Cluster = d.Vm.Cluster, Node = d.Vm.Node, Host = d.Vm.Host, VmId = d.Vm.VmId, Reason = d.Reason },
        SaveMachineAction s => new() { Kind = "save", Cluster = s.Record.Cluster, Node = s.Record.Node, Host = s.Record.Host, VmId = s.Record.VmId, Reason = s.Reason },
        ForgetMachineAction f => new() { Kind = "forget", Cluster = f.Cluster, Node = f.Node, Reason = f.Reason },
        ForgetClusterPkiAction p => new() { Kind = "forget-pki", Cluster = p.Cluster, Reason = p.Reason },
        MarkClusterInitializedAction i => new() { Kind = "initialized", Cluster = i.Cluster, VmId = i.VmId, Reason = i.Reason },
        ForgetClusterInitializedAction fi => new() { Kind = "forget-initialized", Cluster = fi.Cluster, Reason = fi.Reason },
        MarkHostFailedAction h => new() { Kind = "host-failed", Host = h.Host, Reason = h.Reason },
        MarkHostRecoveredAction r => new() { Kind = "host-recovered", Host = r.Host, Reason = r.Reason },
        _ => new() { Kind = action.GetType().Name, Reason = action.Reason },
    };

    public static Wire.Condition ToWire(Condition condition) => new()
    {
        Type = condition.Type,
        Status = condition.Status.ToString(),
        Reason = condition.Reason,
        Message = condition.Message,
        LastTransitionTime = Time(condition.LastTransitionTime),
        ObservedGeneration = condition.ObservedGeneration,
    };

    public static Wire.Event ToWire(StoredEvent stored) => new()
    {
        Sequence = stored.Sequence,
        At = Time(stored.At),
        Kind = stored.Event.Kind,
        Name = stored.Event.Name,
        Severity = stored.Event.Severity.ToString(),
        Reason = stored.Event.Reason,
        Message = stored.Event.Message,
    };

    public static Wire.PlanResponse ToWire(ConvergencePlan plan, string revision)
    {
        var response = new Wire.PlanResponse { Revision = revision };
        response.Placements.AddRange(plan.Schedule.Placements.Select(ToWire));
        response.Unplaced.AddRange(plan.Schedule.Unplaced.Select(ToWire));
        response.Actions.AddRange(plan.Actions.Select(ToWire));
        response.Waiting.AddRange(plan.Waiting);
        foreach (var cluster in plan.Schedule.Clusters)
        {
            var wire = new Wire.ClusterSchedule { Cluster = cluster.Cluster, State = cluster.State.ToString() };
            wire.Reasons.AddRange(cluster.Reasons);
            response.Clusters.Add(wire);
        }

        return response;
    }

    public static Wire.ClusterStatus ToWire(Cluster cluster, Fleet fleet, IReadOnlyList<ConditionSet> conditions)
    {
        var machines = FleetNodes.Expand(fleet, cluster).Where(n => n.Machine is not null).ToList();
        var ready = machines.Count(n => ConditionsOf(conditions, ConditionTypes.MachineKind, n.Name)?.Find(ConditionTypes.VmAvailable)?.Status == ConditionStatus.True);
        var wire = new Wire.ClusterStatus
        {
            Name = cluster.Name,
            KubernetesVersion = cluster.KubernetesVersion,
            ControlPlaneReplicas = cluster.ControlPlane.Replicas,
            Machines = machines.Count,
            MachinesReady = ready,
        };
        wire.Conditions.AddRange(ConditionsOf(conditions, ConditionTypes.ClusterKind, cluster.Name)?.Conditions.Select(ToWire) ?? []);
        return wire;
    }

    public static Wire.Machine ToWire(DesiredNode node, MachineRecord? record, IReadOnlyList<ConditionSet> conditions)
    {
        var wire = new Wire.Machine
        {
            Cluster = node.Cluster,
            Node = node.Name,
            Role = Role(node.Role),
            Pool = node.Pool ?? "",
            Host = record?.Host ?? "",
            VmId = record?.VmId ?? "",
            SpecHash = record?.SpecHash ?? "",
            Phase = record?.Phase.ToString() ?? "",
        };
        wire.Conditions.AddRange(ConditionsOf(conditions, ConditionTypes.MachineKind, node.Name)?.Conditions.Select(ToWire) ?? []);
        return wire;
    }

    public static ConditionSet? ConditionsOf(IReadOnlyList<ConditionSet> conditions, string kind, string name) =>
        conditions.FirstOrDefault(c => c.Kind == kind && c.Name == name);
}
