using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.IntegrationTests.Harness;

/// <summary>
/// Every guest boot seen on the site, as its agent timed it: from the VM's creation to its guest being Ready
/// (the state's last transition, read once the VM is Created). Each interval lies inside the span the controller
/// counts as booting (from before its create call to after it sees Ready), so at no moment may more of them
/// overlap than the controller's limit.
/// </summary>
internal sealed class BootLog
{
    private readonly Dictionary<string, (DateTimeOffset Start, DateTimeOffset Ready)> _boots = new(StringComparer.Ordinal);

    public int Count => _boots.Count;

    /// <summary>Records the boots of VMs created since <paramref name="since"/> that are Ready now and not recorded yet.</summary>
    public async Task RecordAsync(LocalSite site, DateTimeOffset since)
    {
        foreach (var vm in await site.VmsAsync())
        {
            if (vm.State == MicroVmState.Created && vm.Vm.CreatedAt >= since && !_boots.ContainsKey(vm.Vm.Uid) &&
                (await site.DetailsAsync(vm)) is { State: MicroVmState.Created, LastTransition: { } ready })
            {
                _boots[vm.Vm.Uid] = (vm.Vm.CreatedAt, ready);
            }
        }
    }

    /// <summary>The most boots in progress at one moment (one ending as another starts counts once).</summary>
    public int MostAtOnce()
    {
        var edges = _boots.Values.SelectMany(b => new[] { (At: b.Start, Delta: 1), (At: b.Ready, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta);
        int current = 0, most = 0;
        foreach (var (_, delta) in edges)
        {
            current += delta;
            most = Math.Max(most, current);
        }

        return most;
    }
}
