using System.Globalization;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Core.Convergence;

internal sealed partial class ConvergenceSession
{
    private int _booting;
    private int _createsWaitingToBoot;

    /// <summary>
    /// Keeps the creates (in priority order: clusters that lost quorum first) that fit under
    /// <see cref="ConvergenceInput.MaxBooting"/>, counting the VMs observed Pending on reachable hosts. The others
    /// wait for a later round: no action and no CreatingVm event; their VmAvailable reason is WaitingToBoot and
    /// the plan's waiting list says so ("create held back: 2 booting (at most 2 at a time)").
    /// </summary>
    private List<ConvergenceAction> LimitBooting(IEnumerable<CreateVmAction> creates)
    {
        var ordered = creates.Cast<ConvergenceAction>().ToList();
        var max = _input.MaxBooting;
        if (max <= 0)
        {
            return ordered;
        }

        var booting = _input.Hosts.Where(h => h.Reachable).Sum(h => h.Vms.Count(v => v.State == MicroVmState.Pending));
        var allowed = Math.Clamp(max - booting, 0, ordered.Count);
        _booting = booting + allowed;
        _createsWaitingToBoot = ordered.Count - allowed;
        var why = string.Create(CultureInfo.InvariantCulture, $"create held back: {_booting} booting (at most {max} at a time)");
        foreach (var deferred in ordered.Skip(allowed).Cast<CreateVmAction>())
        {
            Defer(deferred, why);
        }

        return ordered.GetRange(0, allowed);
    }

    private void Defer(CreateVmAction create, string why)
    {
        var node = create.Vm.Node;
        _events.RemoveAll(e => e.Kind == ConditionTypes.MachineKind && e.Cluster == node.Cluster && e.Name == node.Name && e.Reason == "CreatingVm");
        var index = _conditions.FindIndex(c => c.Kind == ConditionTypes.MachineKind && c.Name == node.Name);
        if (index >= 0)
        {
            // Still False, as "Creating" was: the transition time stays.
            var set = _conditions[index];
            _conditions[index] = set with
            {
                Conditions = [.. set.Conditions.Select(c => c.Type == ConditionTypes.VmAvailable
                    ? c with { Reason = "WaitingToBoot", Message = $"VM {create.Vm.VmId} on {create.Host}: {why}" }
                    : c)],
            };
        }

        _waiting.Add($"{node.Cluster}/{node.Name}: {why}");
    }
}
