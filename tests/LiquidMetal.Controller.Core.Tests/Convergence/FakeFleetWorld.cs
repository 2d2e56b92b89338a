using System.Globalization;
using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

/// <summary>
/// Hand-written fake of everything the planner's actions touch: agents (VMs per host, reachable or not, idempotent
/// create by namespace/id, asynchronous delete) and the controller's store (records, failed hosts, conditions).
/// </summary>
internal sealed class FakeFleetWorld
{
    private int _nextUid;

    public FakeFleetWorld(Fleet fleet, int cpus = 16, long memoryMiB = 32768)
    {
        Fleet = fleet;
        foreach (var host in fleet.Hosts.Where(h => h.Role == HostRole.Kvm))
        {
            Hosts[host.Name] = new FakeHost { Cpus = cpus, MemoryMiB = memoryMiB };
        }
    }

    public Fleet Fleet { get; set; }
    public long Generation { get; set; } = 1;
    public DateTimeOffset Now { get; set; } = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    public SortedDictionary<string, FakeHost> Hosts { get; } = new(StringComparer.Ordinal);
    public Dictionary<(string, string), MachineRecord> Records { get; } = [];
    public IReadOnlyList<ConditionSet> Conditions { get; set; } = [];

    /// <summary>Passed to the planner as <see cref="ConvergenceInput.MaxBooting"/> (0: unlimited).</summary>
    public int MaxBooting { get; set; }

    /// <summary>Clusters that cannot be bootstrapped, with why (<see cref="ConvergenceInput.BootstrapProblems"/>).</summary>
    public Dictionary<string, string> BootstrapProblems { get; } = new(StringComparer.Ordinal);

    /// <summary>Clusters whose PKI a <see cref="ForgetClusterPkiAction"/> forgot, in order.</summary>
    public List<string> ForgottenPkis { get; } = [];
    public List<ConvergenceEvent> Events { get; } = [];

    /// <summary>Clusters stored as initialized (<see cref="MarkClusterInitializedAction"/>, <see cref="ForgetClusterInitializedAction"/>).</summary>
    public SortedSet<string> Initialized { get; } = new(StringComparer.Ordinal);

    /// <summary>Every successful agent create, for "created twice" checks.</summary>
    public int AgentCreates { get; private set; }

    public ConvergenceInput Input() => new()
    {
        Fleet = Fleet,
        Revision = "r" + Generation.ToString(CultureInfo.InvariantCulture),
        Generation = Generation,
        Now = Now,
        Machines = [.. Records.Values],
        InitializedClusters = [.. Initialized],
        PreviousConditions = Conditions,
        MaxBooting = MaxBooting,
        BootstrapProblems = BootstrapProblems,
        Hosts = [.. Hosts.Select(kv => new ObservedHost(
            kv.Key,
            kv.Value.Reachable,
            kv.Value.Reachable ? null : kv.Value.UnreachableSince,
            kv.Value.RecordedFailed,
            kv.Value.Cpus,
            kv.Value.MemoryMiB,
            kv.Value.Reachable ? [.. kv.Value.Vms.Select(v => ObservedVm.From(kv.Key, v)).OfType<ObservedVm>()] : []))],
    };

    public ConvergencePlan Plan()
    {
        var plan = ConvergencePlanner.Plan(Input());
        Conditions = plan.Conditions;
        Events.AddRange(plan.Events);
        return plan;
    }

    public void Apply(ConvergenceAction action)
    {
        switch (action)
        {
            case CreateVmAction create:
                Records[(create.Record.Cluster, create.Record.Node)] = create.Record;
                var host = Hosts[create.Host];
                if (!host.Reachable)
                {
                    return;
                }

                var spec = create.Vm.Machine.Spec;
                var existing = host.Vms.FirstOrDefault(v => v.Namespace == spec.Namespace && v.Id == spec.Id);
                if (existing is null)
                {
                    AgentCreates++;
                    host.Vms.Add(new MicroVm { Uid = "uid-" + (++_nextUid).ToString(CultureInfo.InvariantCulture), Spec = spec });
                }
                else if (existing.IsDeleting)
                {
                    throw new InvalidOperationException($"created {spec.Id} on {create.Host} while its namesake is deleting");
                }

                Records[(create.Record.Cluster, create.Record.Node)] = create.Record with { Phase = MachinePhase.Created };
                break;
            case DeleteVmAction delete:
                var on = Hosts[delete.Vm.Host];
                if (on.Reachable)
                {
                    var index = on.Vms.FindIndex(v => v.Uid == delete.Vm.Uid);
                    if (index >= 0)
                    {
                        on.Vms[index] = on.Vms[index] with { Status = new MicroVmStatus { State = MicroVmState.Deleting } };
                    }
                }

                break;
            case SaveMachineAction save:
                Records[(save.Record.Cluster, save.Record.Node)] = save.Record;
                break;
            case ForgetMachineAction forget:
                Records.Remove((forget.Cluster, forget.Node));
                break;
            case ForgetClusterPkiAction forgetPki:
                ForgottenPkis.Add(forgetPki.Cluster);
                Assert.Contains(Records.Keys, k => k.Item1 == forgetPki.Cluster);
                break;
            case MarkClusterInitializedAction initialized:
                Initialized.Add(initialized.Cluster);
                break;
            case ForgetClusterInitializedAction forgetInitialized:
                Initialized.Remove(forgetInitialized.Cluster);
                break;
            case MarkHostFailedAction failed:
                Hosts[failed.Host].RecordedFailed = true;
                break;
            case MarkHostRecoveredAction recovered:
                Hosts[recovered.Host].RecordedFailed = false;
                break;
            default:
                throw new InvalidOperationException($"unknown action {action}");
        }
    }

    /// <summary>The agents finish their deletions (what their reconcilers do asynchronously).</summary>
    public void CompleteDeletions()
    {
        foreach (var host in Hosts.Values.Where(h => h.Reachable))
        {
            host.Vms.RemoveAll(v => v.IsDeleting);
        }
    }

    /// <summary>Guests finish booting: up to <paramref name="count"/> Pending VMs (all when null) become Created (Ready).</summary>
    public int FinishBoots(int? count = null)
    {
        var finished = 0;
        foreach (var host in Hosts.Values.Where(h => h.Reachable))
        {
            for (var i = 0; i < host.Vms.Count && (count is null || finished < count); i++)
            {
                if (host.Vms[i].Status.State == MicroVmState.Pending)
                {
                    host.Vms[i] = host.Vms[i] with { Status = host.Vms[i].Status with { State = MicroVmState.Created } };
                    finished++;
                }
            }
        }

        return finished;
    }

    /// <summary>Plans and applies everything, round after round, until converged; returns the rounds taken.</summary>
    public int Converge(int maxRounds = 50, Action<ConvergencePlan>? afterRound = null)
    {
        for (var round = 1; round <= maxRounds; round++)
        {
            var plan = Plan();
            if (plan.IsConverged)
            {
                return round;
            }

            foreach (var action in plan.Actions)
            {
                Apply(action);
            }

            CompleteDeletions();
            afterRound?.Invoke(plan);
        }

        throw new InvalidOperationException("did not converge: " + string.Join("; ", Plan().Waiting));
    }

    /// <summary>Live VMs (not deleting) of the controller, as (host, cluster, node, vm id, spec hash).</summary>
    public List<(string Host, string Cluster, string Node, string VmId, string Hash)> LiveVms() =>
        [.. Hosts.SelectMany(kv => kv.Value.Vms.Where(v => !v.IsDeleting).Select(v => ObservedVm.From(kv.Key, v)).OfType<ObservedVm>()
            .Select(v => (kv.Key, v.Cluster, v.Node, v.VmId, v.SpecHash)))];
}
