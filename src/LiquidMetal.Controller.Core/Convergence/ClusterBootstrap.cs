using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// Which node initializes a cluster. The control-plane create chosen to run <c>kubeadm init</c> carries
/// <see cref="MachineRecord.Initializes"/> in its record (saved Creating before the agent is asked). Once that VM is
/// observed booted (state Created) the cluster is stored as initialized (<see cref="MarkClusterInitializedAction"/>),
/// for good, until the cluster is forgotten. A cluster is initialized when that is stored or an init attempt is still
/// alive (<see cref="ClusterInit.IsInitialized"/>): then every node joins. When the init VM failed or vanished before
/// it ever booted, the attempt is abandoned and the round's first control-plane create (in the planner's order)
/// initializes instead; a record still Creating (the controller stopped before the agent was asked) makes that same
/// node's create initialize again. At most one init attempt per cluster is alive.
/// </summary>
public static class ClusterBootstrap
{
    /// <param name="stored">The cluster is stored as initialized.</param>
    /// <param name="records">Every machine record (other clusters' are skipped).</param>
    /// <param name="hostAnswers">The record's host answers (reachable) or is failed: its VMs are not presumed running.</param>
    /// <param name="vmAlive">The record's VM (by its id) is observed alive (Pending or Created).</param>
    public static ClusterInit Evaluate(string cluster, bool stored, IEnumerable<MachineRecord> records, Func<MachineRecord, bool> hostAnswers, Func<MachineRecord, bool> vmAlive)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(hostAnswers);
        ArgumentNullException.ThrowIfNull(vmAlive);
        MachineRecord? attempt = null;
        var resumable = false;
        List<MachineRecord>? abandoned = null;
        foreach (var record in records)
        {
            if (record.Cluster != cluster || record.Role != NodeRole.ControlPlane || !record.Initializes)
            {
                continue;
            }

            var alive = vmAlive(record);
            var answers = hostAnswers(record);
            if (alive || !answers || record.Phase == MachinePhase.Creating)
            {
                // Of two live attempts (only from an older controller's choices), a running one wins over a recorded one.
                var onlyRecorded = !alive && answers;
                if (attempt is null || (resumable && !onlyRecorded))
                {
                    attempt = record;
                    resumable = onlyRecorded;
                }
            }
            else
            {
                (abandoned ??= []).Add(record);
            }
        }

        return new ClusterInit(stored, attempt, resumable, abandoned ?? []);
    }

    /// <summary>
    /// The creates with their bootstrap action: per cluster, at most one control-plane create gets
    /// <see cref="BootstrapAction.InitControlPlane"/> and a record that initializes: the first (in the given order)
    /// that <see cref="ClusterInit.Initializes"/> allows.
    /// </summary>
    public static IReadOnlyList<CreateVmAction> AssignActions(IEnumerable<CreateVmAction> ordered, Func<string, ClusterInit> initOf)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentNullException.ThrowIfNull(initOf);
        var initializing = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<CreateVmAction>();
        foreach (var create in ordered)
        {
            var node = create.Vm.Node;
            result.Add(node.Role == NodeRole.ControlPlane && !initializing.Contains(node.Cluster) && initOf(node.Cluster).Initializes(node.Name) &&
                       initializing.Add(node.Cluster)
                ? create with { Bootstrap = BootstrapAction.InitControlPlane, Record = create.Record with { Initializes = true } }
                : create);
        }

        return result;
    }
}
