using LiquidMetal.Core.Networking;
using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Storage;
using LiquidMetal.Core.Vms;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Core.Reconcile;

/// <summary>
/// At agent start, removes what no stored VM owns: VMM processes and state directories of VMs whose
/// record is gone (a crash between cleanup and delete), and network devices with our prefix.
/// </summary>
public sealed partial class OrphanCollector(
    IVmStore store,
    VmmProviders providers,
    INetworkManager network,
    VmLayout layout,
    ILogger<OrphanCollector> logger)
{
    private static readonly VmStopTimeouts FastStop = new(TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));

    public async Task CollectAsync(CancellationToken cancellationToken)
    {
        var vms = store.Snapshot().Vms;
        var known = vms.Select(v => v.Uid).ToHashSet(StringComparer.Ordinal);

        foreach (var driver in providers.All)
        {
            foreach (var process in await driver.ListProcessesAsync(layout.StateRoot, cancellationToken).ConfigureAwait(false))
            {
                var uid = Path.GetFileName(process.StateDirectory.TrimEnd('/'));
                if (!known.Contains(uid))
                {
                    LogStoppingOrphan(process.Pid, uid);
                    await driver.StopAsync(process.StateDirectory, FastStop, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        if (Directory.Exists(layout.VmsRoot))
        {
            foreach (var directory in Directory.EnumerateDirectories(layout.VmsRoot))
            {
                if (!known.Contains(Path.GetFileName(directory)))
                {
                    LogRemovingDirectory(directory);
                    Directory.Delete(directory, recursive: true);
                }
            }
        }

        var owned = vms
            .SelectMany(v => v.Spec.Interfaces.Select(n => InterfaceNames.HostDevice(v.Uid, n.DeviceId)))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var device in await network.ListManagedInterfacesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!owned.Contains(device))
            {
                LogRemovingDevice(device);
                await network.RemoveInterfaceAsync(device, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping orphaned VMM process {Pid} of unknown VM {Uid}")]
    private partial void LogStoppingOrphan(int pid, string uid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing orphaned VM directory {Directory}")]
    private partial void LogRemovingDirectory(string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing orphaned network device {Device}")]
    private partial void LogRemovingDevice(string device);
}
