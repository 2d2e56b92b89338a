using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Controller.Bench.Site;

/// <summary>
/// Writes the controller's machine records (through <see cref="SqliteControllerStore"/>, one durable write each, as
/// its executor does) for VMs that already run: phase Created, their host, id and spec hash. The desired state itself
/// is applied by the controller from the folder.
/// </summary>
internal static class ControllerStateSeeder
{
    public static async Task SeedAsync(string stateDirectory, SitePlan plan, CancellationToken cancellationToken)
    {
        await using var store = await SqliteControllerStore.OpenAsync(
            new SqliteControllerStoreOptions { DatabasePath = Path.Combine(stateDirectory, "controller.db") },
            NullLogger<SqliteControllerStore>.Instance, cancellationToken);
        foreach (var (vm, host) in plan.Vms)
        {
            await store.SaveMachineAsync(
                new MachineRecord(vm.Node.Cluster, vm.Node.Name, vm.Node.Role, vm.Node.Pool, host, vm.VmId, vm.SpecHash, MachinePhase.Created),
                cancellationToken);
        }
    }
}
