using System.Runtime.CompilerServices;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Controller.Core.Convergence;

internal sealed partial class ConvergenceSession
{
    private (string, ConditionStatus, string, string) PlacedCondition(NodePlacement? placement, UnplacedNode? notPlaced, ConditionSet? before) =>
        placement is not null
            ? (ConditionTypes.Placed, ConditionStatus.True, placement.Change.ToString(),
                Message(before, ConditionTypes.Placed, _scratch, $"on {placement.Placement.Host}: {placement.Reason}"))
            : (ConditionTypes.Placed, ConditionStatus.False, "Unplaced", notPlaced?.Reason ?? "no host");

    /// <summary>The message formatted (invariant culture); the previous round's string itself when it says the same.</summary>
    private static string Message(ConditionSet? before, string type, char[] scratch, [InterpolatedStringHandlerArgument(nameof(scratch))] ref ReusedText text) =>
        text.ToStringOr(before?.Find(type)?.Message);

    private void AddClusterConditions(Cluster cluster, ClusterScheduleStatus status, ClusterTracker tracker, int machines)
    {
        var before = PreviousOf(ConditionTypes.ClusterKind, cluster.Name);
        var placed = status.State == ClusterScheduleState.Placed
            ? (ConditionTypes.Placed, ConditionStatus.True, "Placed", "every node has a host with every constraint met")
            : (ConditionTypes.Placed, ConditionStatus.False, status.State.ToString(), string.Join("; ", status.Reasons));
        var quorumMessage = Message(before, ConditionTypes.ControlPlaneQuorum, _scratch,
            $"{tracker.AliveControlPlane} of {tracker.ControlPlaneReplicas} control-plane nodes have a live VM (quorum {tracker.Quorum})");
        var quorum = tracker.LostQuorum
            ? (ConditionTypes.ControlPlaneQuorum, ConditionStatus.False, "QuorumLost", quorumMessage)
            : (ConditionTypes.ControlPlaneQuorum, ConditionStatus.True, "QuorumAvailable", quorumMessage);
        var summary = Message(before, ConditionTypes.Converged, _scratch, $"{tracker.Ready} of {machines} machines have their VM; {tracker.Actions} actions this round");
        var converged = tracker.BootstrapProblem is { } problem
            ? (ConditionTypes.Converged, ConditionStatus.False, "BootstrapUnavailable", $"{summary}; no VM is created: {problem}")
            : tracker.Actions == 0 && tracker.Waiting.Count == 0
            ? (ConditionTypes.Converged, ConditionStatus.True, "Converged", summary)
            : tracker.Actions > 0
                ? (ConditionTypes.Converged, ConditionStatus.False, "Converging", summary)
                : (ConditionTypes.Converged, ConditionStatus.False, "Waiting", $"{summary}; waiting: {string.Join("; ", tracker.Waiting)}");
        AddConditions(ConditionTypes.ClusterKind, cluster.Name, [placed, quorum, converged], cluster.Name, before);
    }

    /// <summary>
    /// Adds the object's conditions, merged into <paramref name="before"/> (its previous set): that set itself when
    /// nothing changed, otherwise a new one, with an event for each status that changed.
    /// </summary>
    private void AddConditions(
        string kind,
        string name,
        ReadOnlySpan<(string Type, ConditionStatus Status, string Reason, string Message)> computed,
        string? cluster,
        ConditionSet? before)
    {
        if (before is not null && Conditions.AreUnchanged(before.Conditions, computed, _input.Generation))
        {
            _conditions.Add(before);
            return;
        }

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
