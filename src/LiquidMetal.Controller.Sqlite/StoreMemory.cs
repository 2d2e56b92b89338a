using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Sqlite;

/// <summary>
/// The committed state of a <see cref="SqliteControllerStore"/> in memory, in the order its queries return it
/// (machines by cluster and node, hosts by name, conditions by kind and name). Not thread-safe: the store calls it
/// behind its gate. <see cref="Snapshot"/> hands out one immutable state until the next change.
/// </summary>
internal sealed class StoreMemory
{
    private static readonly Comparer<(string Cluster, string Node)> MachineOrder = Comparer<(string Cluster, string Node)>.Create((a, b) =>
        string.CompareOrdinal(a.Cluster, b.Cluster) is var c and not 0 ? c : string.CompareOrdinal(a.Node, b.Node));

    private readonly SortedDictionary<(string Cluster, string Node), MachineRecord> _machines = new(MachineOrder);
    private readonly SortedDictionary<string, HostStatusRecord> _hosts = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _initialized = new(StringComparer.Ordinal);
    private DesiredStateRecord? _desired;
    private IReadOnlyList<ConditionSet> _conditions;
    private ControllerState? _snapshot;

    public StoreMemory(ControllerState state)
    {
        _desired = state.Desired;
        foreach (var machine in state.Machines)
        {
            _machines[(machine.Cluster, machine.Node)] = machine;
        }

        foreach (var host in state.Hosts)
        {
            _hosts[host.Host] = host;
        }

        _initialized.UnionWith(state.InitializedClusters);
        _conditions = state.Conditions;
    }

    public ControllerState Snapshot() => _snapshot ??= new ControllerState(_desired, [.. _machines.Values], [.. _hosts.Values], _conditions)
    {
        InitializedClusters = [.. _initialized],
    };

    public void MarkInitialized(string cluster)
    {
        if (_initialized.Add(cluster))
        {
            _snapshot = null;
        }
    }

    public void ForgetInitialized(string cluster)
    {
        if (_initialized.Remove(cluster))
        {
            _snapshot = null;
        }
    }

    public void SaveDesired(DesiredStateRecord desired)
    {
        _desired = desired with { Files = [.. desired.Files] };
        _snapshot = null;
    }

    public void SaveMachine(MachineRecord machine)
    {
        _machines[(machine.Cluster, machine.Node)] = machine;
        _snapshot = null;
    }

    public void DeleteMachine(string cluster, string node)
    {
        _machines.Remove((cluster, node));
        _snapshot = null;
    }

    public void SaveHost(HostStatusRecord host)
    {
        _hosts[host.Host] = host;
        _snapshot = null;
    }

    /// <summary>As the table holds them: one set per (kind, name), a later duplicate type replacing an earlier one (and taking its position).</summary>
    public void SaveConditions(IReadOnlyList<ConditionSet> conditions)
    {
        var sets = new SortedDictionary<(string Kind, string Name), List<Condition>>(MachineOrder);
        foreach (var set in conditions)
        {
            if (!sets.TryGetValue((set.Kind, set.Name), out var list))
            {
                sets[(set.Kind, set.Name)] = list = [];
            }

            foreach (var condition in set.Conditions)
            {
                var same = list.FindIndex(c => string.Equals(c.Type, condition.Type, StringComparison.Ordinal));
                if (same >= 0)
                {
                    list.RemoveAt(same);
                }

                list.Add(condition);
            }
        }

        _conditions = [.. sets.Where(kv => kv.Value.Count > 0).Select(kv => new ConditionSet(kv.Key.Kind, kv.Key.Name, kv.Value))];
        _snapshot = null;
    }
}
