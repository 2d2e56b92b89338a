using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Core.Scheduling;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Core.Convergence;

internal sealed partial class ConvergenceSession
{
    private void ConvergeCluster(
        Cluster cluster,
        ClusterScheduleStatus status,
        IReadOnlyList<DesiredNode> nodes,
        IReadOnlyList<NodeVm> vmNodes,
        Dictionary<(string, string), NodePlacement> placements,
        IReadOnlyDictionary<string, UnplacedNode> unplaced)
    {
        var tracker = new ClusterTracker(cluster.Name, cluster.ControlPlane.Replicas);

        // Replacement gates: a node holds its group's gate while its new VM exists next to an old live one.
        HashSet<string>? busyGroups = null;
        foreach (var vm in vmNodes)
        {
            if (placements.TryGetValue((cluster.Name, vm.Node.Name), out var p) && Target(vm, p.Placement.Host) is not null &&
                HasOthers(vm, p.Placement.Host))
            {
                (busyGroups ??= new(StringComparer.Ordinal)).Add(Group(vm.Node));
            }
        }

        var aliveControlPlane = 0;
        foreach (var vm in vmNodes)
        {
            if (vm.Node.Role == NodeRole.ControlPlane && IsPresumedAlive(vm.Node))
            {
                aliveControlPlane++;
            }
        }

        tracker.AliveControlPlane = aliveControlPlane;
        foreach (var vm in vmNodes)
        {
            placements.TryGetValue((cluster.Name, vm.Node.Name), out var placement);
            unplaced.TryGetValue(vm.Node.Name, out var notPlaced);
            ConvergeNode(vm, placement, notPlaced, ref busyGroups, tracker);
        }

        foreach (var node in nodes)
        {
            if (node.Machine is not null)
            {
                continue;
            }

            placements.TryGetValue((cluster.Name, node.Name), out var placement);
            unplaced.TryGetValue(node.Name, out var notPlaced);
            var before = PreviousOf(ConditionTypes.MachineKind, node.Name);
            AddConditions(ConditionTypes.MachineKind, node.Name, [PlacedCondition(placement, notPlaced, before)], node.Cluster, before);
        }

        AddClusterConditions(cluster, status, tracker, vmNodes.Count);
    }

    private void ConvergeNode(NodeVm vm, NodePlacement? placement, UnplacedNode? notPlaced, ref HashSet<string>? busyGroups, ClusterTracker tracker)
    {
        var node = vm.Node;
        var before = PreviousOf(ConditionTypes.MachineKind, node.Name);
        var placed = PlacedCondition(placement, notPlaced, before);
        var others = placement is null ? AliveVms(node) : Others(vm, placement.Placement.Host);
        var upToDate = others is null
            ? (ConditionTypes.UpToDate, ConditionStatus.True, "Current", "no VM with an older spec or on another host")
            : (ConditionTypes.UpToDate, ConditionStatus.False, "Replacing", "older VMs still serve: " + string.Join(", ", others.Select(o => $"{o.VmId} on {o.Host}")));
        if (placement is null)
        {
            tracker.Wait($"{node.Name}: no host ({notPlaced?.Reason ?? "not placed"})", _waiting);
            AddConditions(ConditionTypes.MachineKind, node.Name,
                [placed, (ConditionTypes.VmAvailable, ConditionStatus.False, "NotPlaced", notPlaced?.Reason ?? "not placed"), upToDate], node.Cluster, before);
            return;
        }

        var host = placement.Placement.Host;
        var target = Target(vm, host);
        (string, ConditionStatus, string, string) available;
        if (PhaseOf(host) == HostPhase.Unreachable)
        {
            tracker.Wait($"{node.Name}: host {host} is unreachable (grace period)", _waiting);
            available = (ConditionTypes.VmAvailable, ConditionStatus.Unknown, "HostUnreachable",
                Message(before, ConditionTypes.VmAvailable, _scratch, $"host {host} does not answer; its VMs are presumed running"));
        }
        else if (target is { IsAlive: true })
        {
            tracker.Ready++;
            available = (ConditionTypes.VmAvailable, ConditionStatus.True, target.State == MicroVmState.Created ? "Running" : "Pending",
                Message(before, ConditionTypes.VmAvailable, _scratch, $"VM {vm.VmId} on {host} is {target.State}"));
            var record = _records.GetValueOrDefault((node.Cluster, node.Name));
            var initializes = record is { Initializes: true } && record.VmId == vm.VmId && record.Host == host;
            if (!IsRecordOf(record, vm, host, MachinePhase.Created) || record!.Initializes != initializes)
            {
                _saves.Add(new SaveMachineAction(RecordFor(vm, host, MachinePhase.Created) with { Initializes = initializes }) { Reason = $"VM {vm.VmId} found on {host}" });
                tracker.Actions++;
            }

            // A booted old VM serves until the new one has booted too: a node with a guest is never traded for a booting one.
            if (target.State != MicroVmState.Created && others is not null && others.Any(o => o.State == MicroVmState.Created))
            {
                tracker.Wait($"{node.Name}: the old VM serves until {vm.VmId} on {host} has booted", _waiting);
                others = null;
            }

            foreach (var old in others ?? [])
            {
                var why = old.Host != host ? $"{node.Name} now runs on {host}" : $"{node.Name} now runs spec {vm.SpecHash} as {vm.VmId}";
                Delete(old, $"superseded: {why}", tracker);
            }
        }
        else if (target is { State: MicroVmState.Failed })
        {
            available = (ConditionTypes.VmAvailable, ConditionStatus.False, "Failed", $"VM {vm.VmId} on {host} failed; replacing it");
            Delete(target, $"VM failed; it is deleted and created again", tracker);
        }
        else if (target is not null)
        {
            tracker.Wait($"{node.Name}: VM {vm.VmId} on {host} is still being deleted", _waiting);
            available = (ConditionTypes.VmAvailable, ConditionStatus.False, "WaitingForDeletion", $"the previous VM {vm.VmId} on {host} is still being deleted");
        }
        else if (others is not null && !(busyGroups ??= new(StringComparer.Ordinal)).Add(Group(node)))
        {
            tracker.Wait($"{node.Name}: waits for another node of its {GroupName(node)} to finish its replacement", _waiting);
            available = (ConditionTypes.VmAvailable, ConditionStatus.False, "WaitingToRoll", $"replaced one at a time in its {GroupName(node)}");
        }
        else if (_input.BootstrapProblems.TryGetValue(node.Cluster, out var problem))
        {
            tracker.BootstrapProblem = problem;
            tracker.Wait($"{node.Name}: cannot be bootstrapped: {problem}", _waiting);
            available = (ConditionTypes.VmAvailable, ConditionStatus.False, "BootstrapUnavailable", $"VM {vm.VmId} is not created: {problem}");
        }
        else
        {
            var why = others is not null
                ? $"replaces {string.Join(", ", others.Select(o => $"{o.VmId} on {o.Host}"))} (create, then delete)"
                : placement.Change == PlacementChange.Moved ? $"moved: {placement.Reason}" : placement.Reason;
            Create(vm, host, why, tracker);
            available = (ConditionTypes.VmAvailable, ConditionStatus.False, "Creating", $"creating VM {vm.VmId} on {host}");
        }

        AddConditions(ConditionTypes.MachineKind, node.Name, [placed, available, upToDate], node.Cluster, before);
    }

    /// <summary>The node's VM with its current id on the target host (in any state).</summary>
    private ObservedVm? Target(NodeVm vm, string host)
    {
        foreach (var v in VmsOf(vm.Node.Cluster, vm.Node.Name))
        {
            if (v.Host == host && v.VmId == vm.VmId)
            {
                return v;
            }
        }

        return null;
    }

    /// <summary>The node's other live VMs: older specs, other hosts; null when there is none.</summary>
    private List<ObservedVm>? Others(NodeVm vm, string host)
    {
        List<ObservedVm>? others = null;
        foreach (var v in VmsOf(vm.Node.Cluster, vm.Node.Name))
        {
            if (IsOther(v, vm, host))
            {
                (others ??= []).Add(v);
            }
        }

        return others;
    }

    private bool HasOthers(NodeVm vm, string host)
    {
        foreach (var v in VmsOf(vm.Node.Cluster, vm.Node.Name))
        {
            if (IsOther(v, vm, host))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOther(ObservedVm v, NodeVm vm, string host) => v.IsAlive && !(v.Host == host && v.VmId == vm.VmId);

    /// <summary>The node's live VMs; null when there is none.</summary>
    private List<ObservedVm>? AliveVms(DesiredNode node)
    {
        List<ObservedVm>? alive = null;
        foreach (var v in VmsOf(node.Cluster, node.Name))
        {
            if (v.IsAlive)
            {
                (alive ??= []).Add(v);
            }
        }

        return alive;
    }

    /// <summary>Has a live VM, or its recorded host is in its grace period (presumed running).</summary>
    private bool IsPresumedAlive(DesiredNode node)
    {
        foreach (var v in VmsOf(node.Cluster, node.Name))
        {
            if (v.IsAlive)
            {
                return true;
            }
        }

        return _records.TryGetValue((node.Cluster, node.Name), out var r) && PhaseOf(r.Host) == HostPhase.Unreachable;
    }

    private static string Group(DesiredNode node) => node.Pool ?? NodeNames.ControlPlanePool + "/";

    private static string GroupName(DesiredNode node) => node.Pool is { } pool ? $"pool {pool}" : "control plane";

    private static MachineRecord RecordFor(NodeVm vm, string host, MachinePhase phase) =>
        new(vm.Node.Cluster, vm.Node.Name, vm.Node.Role, vm.Node.Pool, host, vm.VmId, vm.SpecHash, phase);

    /// <summary><c>record == RecordFor(vm, host, phase)</c>, without making the record.</summary>
    private static bool IsRecordOf(MachineRecord? record, NodeVm vm, string host, MachinePhase phase) =>
        record is not null && record.Cluster == vm.Node.Cluster && record.Node == vm.Node.Name && record.Role == vm.Node.Role &&
        record.Pool == vm.Node.Pool && record.Host == host && record.VmId == vm.VmId && record.SpecHash == vm.SpecHash && record.Phase == phase;

    private void Create(NodeVm vm, string host, string why, ClusterTracker tracker)
    {
        tracker.Actions++;
        var action = new CreateVmAction(vm, RecordFor(vm, host, MachinePhase.Creating)) { Reason = why };
        _creates.Add((tracker.LostQuorum ? 1 : 0, vm.Node.Cluster, vm.Node.Role == NodeRole.ControlPlane ? 0 : 1, vm.Node.Name, action));
        _events.Add(new ConvergenceEvent(ConditionTypes.MachineKind, vm.Node.Cluster, vm.Node.Name, EventSeverity.Normal, "CreatingVm",
            $"creating VM {vm.VmId} on {host}: {why}"));
    }

    private void Delete(ObservedVm vm, string why, ClusterTracker? tracker)
    {
        if (tracker is not null)
        {
            tracker.Actions++;
        }

        _deletes.Add(new DeleteVmAction(vm) { Reason = why });
        _events.Add(new ConvergenceEvent(ConditionTypes.MachineKind, vm.Cluster, vm.Node, EventSeverity.Normal, "DeletingVm",
            $"deleting VM {vm.VmId} on {vm.Host}: {why}"));
    }
}
