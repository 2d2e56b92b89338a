using System.Globalization;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Controller.Core.Convergence;

internal sealed partial class ConvergenceSession
{
    private static (string, ConditionStatus, string, string) PlacedCondition(NodePlacement? placement, UnplacedNode? notPlaced) =>
        placement is not null
            ? (ConditionTypes.Placed, ConditionStatus.True, placement.Change.ToString(), $"on {placement.Placement.Host}: {placement.Reason}")
            : (ConditionTypes.Placed, ConditionStatus.False, "Unplaced", notPlaced?.Reason ?? "no host");

    private void AddMachineConditions(DesiredNode node, (string, ConditionStatus, string, string) placed, IEnumerable<(string, ConditionStatus, string, string)> rest) =>
        AddConditions(ConditionTypes.MachineKind, node.Name, [placed, .. rest], node.Cluster);

    private void AddClusterConditions(Cluster cluster, ClusterScheduleStatus status, ClusterTracker tracker)
    {
        var placed = status.State == ClusterScheduleState.Placed
            ? (ConditionTypes.Placed, ConditionStatus.True, "Placed", "every node has a host with every constraint met")
            : (ConditionTypes.Placed, ConditionStatus.False, status.State.ToString(), string.Join("; ", status.Reasons));
        var quorumMessage = string.Create(CultureInfo.InvariantCulture,
            $"{tracker.AliveControlPlane} of {tracker.ControlPlaneReplicas} control-plane nodes have a live VM (quorum {tracker.Quorum})");
        var quorum = tracker.LostQuorum
            ? (ConditionTypes.ControlPlaneQuorum, ConditionStatus.False, "QuorumLost", quorumMessage)
            : (ConditionTypes.ControlPlaneQuorum, ConditionStatus.True, "QuorumAvailable", quorumMessage);
        var machines = FleetNodes.Expand(_input.Fleet, cluster).Count(n => n.Machine is not null);
        var summary = string.Create(CultureInfo.InvariantCulture, $"{tracker.Ready} of {machines} machines have their VM; {tracker.Actions} actions this round");
        var converged = tracker.BootstrapProblem is { } problem
            ? (ConditionTypes.Converged, ConditionStatus.False, "BootstrapUnavailable", $"{summary}; no VM is created: {problem}")
            : tracker.Actions == 0 && tracker.Waiting.Count == 0
            ? (ConditionTypes.Converged, ConditionStatus.True, "Converged", summary)
            : tracker.Actions > 0
                ? (ConditionTypes.Converged, ConditionStatus.False, "Converging", summary)
                : (ConditionTypes.Converged, ConditionStatus.False, "Waiting", $"{summary}; waiting: {string.Join("; ", tracker.Waiting)}");
        AddConditions(ConditionTypes.ClusterKind, cluster.Name, [placed, quorum, converged], cluster.Name);
    }

    private void AddConditions(string kind, string name, IReadOnlyList<(string Type, ConditionStatus Status, string Reason, string Message)> computed, string? cluster)
    {
        _previous.TryGetValue(Key(kind, name), out var before);
        var merged = Conditions.Merge(before?.Conditions, computed, _input.Now, _input.Generation);
        _conditions.Add(new ConditionSet(kind, name, merged));
        foreach (var condition in merged)
        {
            var old = before?.Find(condition.Type);
            if (old is not null && old.Status != condition.Status)
            {
                var severity = condition.Status == ConditionStatus.True ? EventSeverity.Normal : EventSeverity.Warning;
                _events.Add(new ConvergenceEvent(kind, cluster, name, severity, condition.Reason, $"{condition.Type} is {condition.Status}: {condition.Message}"));
            }
        }
    }
}
