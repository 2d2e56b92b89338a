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
        List<DesiredNode> nodes,
        Dictionary<(string, string), NodePlacement> placements,
        Dictionary<string, UnplacedNode> unplaced)
    {
        var tracker = new ClusterTracker(cluster.Name, cluster.ControlPlane.Replicas);
        var vmNodes = nodes.Where(n => n.Machine is not null).Select(n => _input.VmCache?.Get(n) ?? NodeVms.Build(n)).ToList();

        // Replacement gates: a node holds its group's gate while its new VM exists next to an old live one.
        var busyGroups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vm in vmNodes)
        {
            if (placements.TryGetValue((cluster.Name, vm.Node.Name), out var p) && Target(vm, p.Placement.Host) is not null &&
                Others(vm, p.Placement.Host).Any())
            {
                busyGroups.Add(Group(vm.Node));
            }
        }

        tracker.AliveControlPlane = vmNodes.Count(v => v.Node.Role == NodeRole.ControlPlane && IsPresumedAlive(v.Node));
        foreach (var vm in vmNodes)
        {
            placements.TryGetValue((cluster.Name, vm.Node.Name), out var placement);
            unplaced.TryGetValue(vm.Node.Name, out var notPlaced);
            ConvergeNode(vm, placement, notPlaced, busyGroups, tracker);
        }

        foreach (var node in nodes.Where(n => n.Machine is null))
        {
            placements.TryGetValue((cluster.Name, node.Name), out var placement);
            unplaced.TryGetValue(node.Name, out var notPlaced);
            AddMachineConditions(node, PlacedCondition(placement, notPlaced), []);
        }

        AddClusterConditions(cluster, status, tracker);
    }

    private void ConvergeNode(NodeVm vm, NodePlacement? placement, UnplacedNode? notPlaced, HashSet<string> busyGroups, ClusterTracker tracker)
    {
        var node = vm.Node;
        var placed = PlacedCondition(placement, notPlaced);
        var others = placement is null ? Observed(node.Cluster, node.Name).Where(v => v.IsAlive).ToList() : Others(vm, placement.Placement.Host).ToList();
        var upToDate = others.Count == 0
            ? (ConditionTypes.UpToDate, ConditionStatus.True, "Current", "no VM with an older spec or on another host")
            : (ConditionTypes.UpToDate, ConditionStatus.False, "Replacing", "older VMs still serve: " + string.Join(", ", others.Select(o => $"{o.VmId} on {o.Host}")));
        if (placement is null)
        {
            tracker.Wait($"{node.Name}: no host ({notPlaced?.Reason ?? "not placed"})", _waiting);
            AddMachineConditions(node, placed, [(ConditionTypes.VmAvailable, ConditionStatus.False, "NotPlaced", notPlaced?.Reason ?? "not placed"), upToDate]);
            return;
        }

        var host = placement.Placement.Host;
        var target = Target(vm, host);
        (string, ConditionStatus, string, string) available;
        if (PhaseOf(host) == HostPhase.Unreachable)
        {
            tracker.Wait($"{node.Name}: host {host} is unreachable (grace period)", _waiting);
            available = (ConditionTypes.VmAvailable, ConditionStatus.Unknown, "HostUnreachable", $"host {host} does not answer; its VMs are presumed running");
        }
        else if (target is { IsAlive: true })
        {
            tracker.Ready++;
            available = (ConditionTypes.VmAvailable, ConditionStatus.True, target.State == MicroVmState.Created ? "Running" : "Pending", $"VM {vm.VmId} on {host} is {target.State}");
            var record = RecordFor(vm, host, MachinePhase.Created);
            if (_records.GetValueOrDefault((node.Cluster, node.Name)) != record)
            {
                _saves.Add(new SaveMachineAction(record) { Reason = $"VM {vm.VmId} found on {host}" });
                tracker.Actions++;
            }

            // A booted old VM serves until the new one has booted too: a node with a guest is never traded for a booting one.
            if (target.State != MicroVmState.Created && others.Any(o => o.State == MicroVmState.Created))
            {
                tracker.Wait($"{node.Name}: the old VM serves until {vm.VmId} on {host} has booted", _waiting);
                others.Clear();
            }

            foreach (var old in others)
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
        else if (others.Count > 0 && !busyGroups.Add(Group(node)))
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
            var why = others.Count > 0
                ? $"replaces {string.Join(", ", others.Select(o => $"{o.VmId} on {o.Host}"))} (create, then delete)"
                : placement.Change == PlacementChange.Moved ? $"moved: {placement.Reason}" : placement.Reason;
            Create(vm, host, why, tracker);
            available = (ConditionTypes.VmAvailable, ConditionStatus.False, "Creating", $"creating VM {vm.VmId} on {host}");
        }

        AddMachineConditions(node, placed, [available, upToDate]);
    }

    /// <summary>The node's VM with its current id on the target host (in any state).</summary>
    private ObservedVm? Target(NodeVm vm, string host) =>
        Observed(vm.Node.Cluster, vm.Node.Name).FirstOrDefault(v => v.Host == host && v.VmId == vm.VmId);

    /// <summary>The node's other live VMs: older specs, other hosts.</summary>
    private IEnumerable<ObservedVm> Others(NodeVm vm, string host) =>
        Observed(vm.Node.Cluster, vm.Node.Name).Where(v => v.IsAlive && !(v.Host == host && v.VmId == vm.VmId));

    /// <summary>Has a live VM, or its recorded host is in its grace period (presumed running).</summary>
    private bool IsPresumedAlive(DesiredNode node) =>
        Observed(node.Cluster, node.Name).Any(v => v.IsAlive) ||
        (_records.TryGetValue((node.Cluster, node.Name), out var r) && PhaseOf(r.Host) == HostPhase.Unreachable);

    private static string Group(DesiredNode node) => node.Pool ?? NodeNames.ControlPlanePool + "/";

    private static string GroupName(DesiredNode node) => node.Pool is { } pool ? $"pool {pool}" : "control plane";

    private static MachineRecord RecordFor(NodeVm vm, string host, MachinePhase phase) =>
        new(vm.Node.Cluster, vm.Node.Name, vm.Node.Role, vm.Node.Pool, host, vm.VmId, vm.SpecHash, phase);

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
