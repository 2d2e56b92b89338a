using LiquidMetal.Core.Networking;
using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Core.Reconcile;

public sealed partial class VmReconciler
{
    /// <summary>Stops the guest gracefully, removes its devices and files, then the record. Each step is idempotent.</summary>
    private async Task<ReconcileResult> DeleteAsync(MicroVm vm, CancellationToken cancellationToken)
    {
        var directory = _layout.Directory(vm.Uid);
        var timeouts = new VmStopTimeouts(_options.PowerButtonTimeout, _options.QuitTimeout, _options.KillTimeout);
        foreach (var driver in DriversFor(vm))
        {
            var outcome = await driver.StopAsync(directory, timeouts, cancellationToken).ConfigureAwait(false);
            if (outcome != StopOutcome.NotRunning)
            {
                LogStopped(driver.Name, outcome);
            }
        }

        foreach (var device in HostDevicesOf(vm))
        {
            await _network.RemoveInterfaceAsync(device, cancellationToken).ConfigureAwait(false);
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        // After the disks are gone (they may be overlays on shared bases), before the record: a crash in between
        // releases again on the next pass.
        foreach (var source in _imageSources)
        {
            await source.ReleaseAsync(vm.Uid, cancellationToken).ConfigureAwait(false);
        }

        await _store.DeleteAsync(vm.Uid, cancellationToken).ConfigureAwait(false);
        LogDeleted();
        return ReconcileResult.Done;
    }

    /// <summary>The VM's provider, or every driver when it never got one (a crash between start and save).</summary>
    private IEnumerable<IVmmDriver> DriversFor(MicroVm vm) =>
        vm.Status.Provider is { } name && _providers.TryGet(name, out var driver) ? [driver] : _providers.All;

    private static IEnumerable<string> HostDevicesOf(MicroVm vm) =>
        vm.Spec.Interfaces.Select(nic => InterfaceNames.HostDevice(vm.Uid, nic.DeviceId))
            .Concat(vm.Status.NetworkInterfaces.Values.Select(s => s.HostDeviceName))
            .Distinct(StringComparer.Ordinal);
}
