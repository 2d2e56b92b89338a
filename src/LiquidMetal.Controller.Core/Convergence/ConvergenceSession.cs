using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>The state of one planning round (see <see cref="ConvergencePlanner"/>).</summary>
internal sealed partial class ConvergenceSession
{
    private readonly ConvergenceInput _input;
    private readonly Dictionary<string, HostPhase> _hostPhases = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Cluster, string Node), MachineRecord> _records = [];
    private readonly Dictionary<(string Cluster, string Node), List<ObservedVm>> _observed = [];
    private readonly List<ConvergenceAction> _hostActions = [];
    private readonly List<(int LostQuorum, string Cluster, int Role, string Node, CreateVmAction Action)> _creates = [];
    private readonly List<ConvergenceAction> _saves = [];
    private readonly List<DeleteVmAction> _deletes = [];
    private readonly List<ConvergenceAction> _forgets = [];
    private readonly List<ConvergenceAction> _pkiForgets = [];
    private readonly List<ConvergenceEvent> _events = [];
    private readonly List<string> _waiting = [];
    private readonly List<ConditionSet> _conditions = [];
    private readonly Dictionary<string, ConditionSet> _previous = new(StringComparer.Ordinal);

    public ConvergenceSession(ConvergenceInput input)
    {
        _input = input;
        foreach (var record in input.Machines)
        {
            _records[(record.Cluster, record.Node)] = record;
        }

        foreach (var set in input.PreviousConditions)
        {
            _previous[Key(set.Kind, set.Name)] = set;
        }
    }

    public ConvergencePlan Run()
    {
        EvaluateHosts();
        var schedule = FleetScheduler.Plan(_input.Fleet, Capacities(), CurrentPlacements());
        var placements = schedule.Placements.ToDictionary(p => (p.Placement.Cluster, p.Placement.Node));
        var desired = new HashSet<(string, string)>();
        foreach (var cluster in _input.Fleet.Clusters)
        {
            var status = schedule.Clusters.First(s => s.Cluster == cluster.Name);
            var unplaced = schedule.Unplaced.Where(u => u.Cluster == cluster.Name).ToDictionary(u => u.Node, StringComparer.Ordinal);
            var nodes = FleetNodes.Expand(_input.Fleet, cluster).ToList();
            desired.UnionWith(nodes.Where(n => n.Machine is not null).Select(n => (n.Cluster, n.Name)));
            ConvergeCluster(cluster, status, nodes, placements, unplaced);
        }

        DeleteUndeclared(desired);
        ForgetRecords(desired);

        var actions = new List<ConvergenceAction>(_hostActions);
        var observed = _observed.Values.SelectMany(v => v).ToList();
        var creates = ClusterBootstrap.AssignActions(_creates
            .OrderByDescending(c => c.LostQuorum)
            .ThenBy(c => c.Cluster, StringComparer.Ordinal)
            .ThenBy(c => c.Role)
            .ThenBy(c => c.Node, StringComparer.Ordinal)
            .Select(c => c.Action), cluster => ClusterBootstrap.IsInitialized(cluster, observed, _input.Machines));
        actions.AddRange(LimitBooting(creates));
        actions.AddRange(_saves);
        actions.AddRange(_deletes
            .OrderBy(d => d.Vm.Cluster, StringComparer.Ordinal)
            .ThenBy(d => d.Vm.Node, StringComparer.Ordinal)
            .ThenBy(d => d.Vm.Host, StringComparer.Ordinal)
            .ThenBy(d => d.Vm.Uid, StringComparer.Ordinal));
        actions.AddRange(_pkiForgets);
        actions.AddRange(_forgets);
        return new ConvergencePlan(schedule, actions, _conditions, _events, _waiting) { CreatesWaitingToBoot = _createsWaitingToBoot, Booting = _booting };
    }

    private static string Key(string kind, string name) => $"{kind}/{name}";

    private List<ObservedVm> Observed(string cluster, string node) =>
        _observed.TryGetValue((cluster, node), out var vms) ? vms : [];

    private HostPhase PhaseOf(string host) => _hostPhases.GetValueOrDefault(host, HostPhase.Unknown);

    private static int Quorum(int replicas) => (replicas / 2) + 1;
}
