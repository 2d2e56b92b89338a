using System.Globalization;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Controller.Core.Convergence;

internal sealed partial class ConvergenceSession
{
    /// <summary>Decides each kvm host's phase, records failures and recoveries, and indexes the VMs of reachable hosts.</summary>
    private void EvaluateHosts()
    {
        var observations = _input.Hosts.ToDictionary(h => h.Host, StringComparer.Ordinal);
        foreach (var host in _input.Fleet.Hosts.Where(h => h.Role == HostRole.Kvm))
        {
            observations.TryGetValue(host.Name, out var observed);
            var phase = Phase(observed);
            _hostPhases[host.Name] = phase;
            if (phase == HostPhase.Failed && observed is { RecordedFailed: false })
            {
                var message = string.Create(CultureInfo.InvariantCulture,
                    $"agent unreachable since {observed.UnreachableSince:O} (grace period {_input.HostGracePeriod.TotalSeconds:0} s); its nodes are re-placed");
                _hostActions.Add(new MarkHostFailedAction(host.Name) { Reason = message });
                _events.Add(new ConvergenceEvent("Host", null, host.Name, EventSeverity.Warning, "HostFailed", message));
            }
            else if (phase == HostPhase.Reachable && observed is { RecordedFailed: true })
            {
                const string message = "agent answers again; stale VMs on it are deleted";
                _hostActions.Add(new MarkHostRecoveredAction(host.Name) { Reason = message });
                _events.Add(new ConvergenceEvent("Host", null, host.Name, EventSeverity.Normal, "HostRecovered", message));
            }
            else if (phase == HostPhase.Unreachable)
            {
                _waiting.Add(string.Create(CultureInfo.InvariantCulture,
                    $"host {host.Name}: agent unreachable since {observed!.UnreachableSince:O}; failed at {observed.UnreachableSince + _input.HostGracePeriod:O} unless it answers"));
            }

            if (phase == HostPhase.Reachable)
            {
                foreach (var vm in observed!.Vms)
                {
                    if (!_observed.TryGetValue((vm.Cluster, vm.Node), out var list))
                    {
                        _observed[(vm.Cluster, vm.Node)] = list = [];
                    }

                    list.Add(vm);
                }
            }
        }
    }

    private HostPhase Phase(ObservedHost? observed)
    {
        if (observed is null)
        {
            return HostPhase.Unknown;
        }

        if (observed.Reachable)
        {
            return observed.Cpus is null ? HostPhase.Unknown : HostPhase.Reachable;
        }

        if (observed.RecordedFailed || (observed.UnreachableSince is { } since && _input.Now - since >= _input.HostGracePeriod))
        {
            return HostPhase.Failed;
        }

        return observed.UnreachableSince is null ? HostPhase.Unknown : HostPhase.Unreachable;
    }

    /// <summary>Reachable hosts and hosts in their grace period keep their placements (with the last capacity reported); failed ones lose them.</summary>
    private List<HostCapacity> Capacities()
    {
        var capacities = new List<HostCapacity>();
        foreach (var observed in _input.Hosts)
        {
            var phase = PhaseOf(observed.Host);
            if (phase == HostPhase.Failed)
            {
                capacities.Add(new HostCapacity(observed.Host, observed.Cpus ?? 0, observed.MemoryMiB ?? 0, HostHealth.Failed));
            }
            else if (phase != HostPhase.Unknown && observed.Cpus is { } cpus)
            {
                capacities.Add(new HostCapacity(observed.Host, cpus, observed.MemoryMiB ?? 0));
            }
        }

        return capacities;
    }

    /// <summary>Where each node is now: its record, or (no record) its live VM with the desired spec first, then by host name.</summary>
    private List<Placement> CurrentPlacements()
    {
        var current = new List<Placement>(_records.Count);
        foreach (var r in _records.Values)
        {
            current.Add(new Placement(r.Cluster, r.Node, r.Role, r.Pool, r.Host));
        }

        foreach (var ((cluster, node), vms) in _observed)
        {
            if (_records.ContainsKey((cluster, node)))
            {
                continue;
            }

            var vm = vms.Where(v => v.IsAlive).OrderBy(v => v.Host, StringComparer.Ordinal).FirstOrDefault();
            if (vm is not null)
            {
                current.Add(new Placement(cluster, node, vm.Role, vm.Pool, vm.Host));
            }
        }

        return current;
    }
}
