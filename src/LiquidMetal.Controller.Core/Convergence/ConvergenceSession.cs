using System.Runtime.InteropServices;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>The state of one planning round (see <see cref="ConvergencePlanner"/>).</summary>
internal sealed partial class ConvergenceSession
{
    private static readonly IReadOnlyDictionary<string, UnplacedNode> NoneUnplaced = System.Collections.ObjectModel.ReadOnlyDictionary<string, UnplacedNode>.Empty;

    private readonly ConvergenceInput _input;
    private readonly Dictionary<string, HostPhase> _hostPhases = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Cluster, string Node), MachineRecord> _records;
    private readonly Dictionary<(string Cluster, string Node), List<ObservedVm>> _observed;
    private readonly List<ConvergenceAction> _hostActions = [];
    private readonly List<(int LostQuorum, string Cluster, int Role, string Node, CreateVmAction Action)> _creates = [];
    private readonly List<ConvergenceAction> _saves = [];
    private readonly List<DeleteVmAction> _deletes = [];
    private readonly List<ConvergenceAction> _forgets = [];
    private readonly List<ConvergenceAction> _pkiForgets = [];
    private readonly List<ConvergenceAction> _initializedForgets = [];
    private readonly List<ConvergenceEvent> _events = [];
    private readonly List<string> _waiting = [];
    private readonly List<ConditionSet> _conditions = [];
    private readonly Dictionary<(string Kind, string Name), ConditionSet> _previous;

    public ConvergenceSession(ConvergenceInput input)
    {
        _input = input;
        _records = new(input.Machines.Count);
        _observed = new(input.Hosts.Sum(h => h.Vms.Count));
        _previous = new(input.PreviousConditions.Count);
        foreach (var record in input.Machines)
        {
            _records[(record.Cluster, record.Node)] = record;
        }

        foreach (var set in input.PreviousConditions)
        {
            _previous[(set.Kind, set.Name)] = set;
        }
    }

    /// <summary>Where condition messages are formatted before they are compared with the previous ones (<see cref="ReusedText"/>).</summary>
    private readonly char[] _scratch = new char[512];

    public ConvergencePlan Run()
    {
        EvaluateHosts();
        var schedule = FleetScheduler.Plan(_input.Fleet, Capacities(), CurrentPlacements(), _input.VmCache is null ? null : c => NodesOf(c).Nodes);
        var placements = new Dictionary<(string, string), NodePlacement>(schedule.Placements.Count);
        foreach (var placement in schedule.Placements)
        {
            placements.Add((placement.Placement.Cluster, placement.Placement.Node), placement);
        }

        var statuses = new Dictionary<string, ClusterScheduleStatus>(schedule.Clusters.Count, StringComparer.Ordinal);
        foreach (var status in schedule.Clusters)
        {
            statuses.TryAdd(status.Cluster, status);
        }

        var unplacedByCluster = new Dictionary<string, Dictionary<string, UnplacedNode>>(StringComparer.Ordinal);
        foreach (var unplaced in schedule.Unplaced)
        {
            if (!unplacedByCluster.TryGetValue(unplaced.Cluster, out var ofCluster))
            {
                unplacedByCluster[unplaced.Cluster] = ofCluster = new(StringComparer.Ordinal);
            }

            ofCluster.Add(unplaced.Node, unplaced);
        }

        var desired = new HashSet<(string, string)>(placements.Count);
        foreach (var cluster in _input.Fleet.Clusters)
        {
            var status = statuses.TryGetValue(cluster.Name, out var s) ? s : throw new InvalidOperationException($"the schedule has no status for cluster {cluster.Name}");
            var unplaced = unplacedByCluster.TryGetValue(cluster.Name, out var u) ? u : NoneUnplaced;
            var (nodes, vmNodes) = NodesOf(cluster);
            foreach (var vm in vmNodes)
            {
                desired.Add((vm.Node.Cluster, vm.Node.Name));
            }

            ConvergeCluster(cluster, status, nodes, vmNodes, placements, unplaced);
        }

        DeleteUndeclared(desired);
        ForgetRecords(desired);
        ForgetInitialized();

        var actions = new List<ConvergenceAction>(_hostActions);
        IReadOnlyList<CreateVmAction> creates = [];
        if (_creates.Count > 0)
        {
            creates = ClusterBootstrap.AssignActions(_creates
                .OrderByDescending(c => c.LostQuorum)
                .ThenBy(c => c.Cluster, StringComparer.Ordinal)
                .ThenBy(c => c.Role)
                .ThenBy(c => c.Node, StringComparer.Ordinal)
                .Select(c => c.Action), InitOf);
        }

        var kept = LimitBooting(creates);
        WarnRetriedInits(kept);
        actions.AddRange(kept);
        MarkInitialized();
        actions.AddRange(_saves);
        if (_deletes.Count > 0)
        {
            actions.AddRange(_deletes
                .OrderBy(d => d.Vm.Cluster, StringComparer.Ordinal)
                .ThenBy(d => d.Vm.Node, StringComparer.Ordinal)
                .ThenBy(d => d.Vm.Host, StringComparer.Ordinal)
                .ThenBy(d => d.Vm.Uid, StringComparer.Ordinal));
        }

        actions.AddRange(_initializedForgets);
        actions.AddRange(_pkiForgets);
        actions.AddRange(_forgets);
        return new ConvergencePlan(schedule, actions, _conditions, _events, _waiting)
        {
            CreatesWaitingToBoot = _createsWaitingToBoot,
            Booting = _booting,
            ConditionsUnchanged = ConditionsUnchanged(),
        };
    }

    /// <summary>The cluster's nodes and its microVM nodes' VMs: kept across rounds in the input's cache, else built.</summary>
    private (IReadOnlyList<DesiredNode> Nodes, IReadOnlyList<NodeVm> Vms) NodesOf(Cluster cluster)
    {
        if (_input.VmCache is { } cache)
        {
            return cache.NodesOf(_input.Fleet, cluster);
        }

        var nodes = FleetNodes.Expand(_input.Fleet, cluster).ToList();
        return (nodes, [.. nodes.Where(n => n.Machine is not null).Select(NodeVms.Build)]);
    }

    /// <summary>Every set this round is the previous round's own instance, and none was dropped: nothing to store.</summary>
    private bool ConditionsUnchanged()
    {
        if (_conditions.Count != _input.PreviousConditions.Count || _conditions.Count != _previous.Count)
        {
            return false;
        }

        foreach (var set in _conditions)
        {
            if (!_previous.TryGetValue((set.Kind, set.Name), out var before) || !ReferenceEquals(before, set))
            {
                return false;
            }
        }

        return true;
    }

    private ConditionSet? PreviousOf(string kind, string name) => _previous.GetValueOrDefault((kind, name));

    /// <summary>The node's observed VMs, for loops that allocate nothing.</summary>
    private ReadOnlySpan<ObservedVm> VmsOf(string cluster, string node) =>
        _observed.TryGetValue((cluster, node), out var vms) ? CollectionsMarshal.AsSpan(vms) : [];

    private List<ObservedVm> Observed(string cluster, string node) =>
        _observed.TryGetValue((cluster, node), out var vms) ? vms : [];

    private HostPhase PhaseOf(string host) => _hostPhases.GetValueOrDefault(host, HostPhase.Unknown);

    private static int Quorum(int replicas) => (replicas / 2) + 1;
}
