using System.Diagnostics;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Pki;
using LiquidMetal.Controller.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Controller.Bench.Site;

/// <summary>
/// Writes the controller's machine records (through <see cref="SqliteControllerStore"/>, one durable write each, as
/// its executor does) for VMs that already run: phase Created, their host, id and spec hash. Each cluster's PKI is
/// made too (through <see cref="ClusterPkiProvider"/>, with the controller's key and default options), as the
/// controller makes it before its first create: a controller whose clusters have VMs has their PKIs, opens each once
/// and keeps it. The desired state itself is applied by the controller from the folder.
/// </summary>
internal static class ControllerStateSeeder
{
    /// <param name="keyAlgorithm">The PKIs' key algorithm; null for the controller's default (RSA 2048: about 0.35 s of CPU a cluster).</param>
    public static async Task SeedAsync(string stateDirectory, SitePlan plan, string pkiKeyFile, KeyAlgorithm? keyAlgorithm, TextWriter log, CancellationToken cancellationToken)
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

        var watch = Stopwatch.StartNew();
        var pkis = new ClusterPkiProvider(store, PkiEncryptionKey.LoadFile(pkiKeyFile), new ClusterPkiOptions { EncryptionKeyFile = pkiKeyFile, KeyAlgorithm = keyAlgorithm ?? new ClusterPkiOptions().KeyAlgorithm },
            TimeProvider.System, NullLogger<ClusterPkiProvider>.Instance);
        var clusters = plan.Vms.Select(v => v.Vm.Node.Cluster).Distinct(StringComparer.Ordinal).ToList();
        // Key generation is CPU-bound: one per core at a time.
        await Parallel.ForEachAsync(clusters, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (cluster, ct) => await pkis.GetOrCreateAsync(cluster, ct));
        await log.WriteLineAsync($"Made {clusters.Count:N0} cluster PKIs ({keyAlgorithm?.ToString() ?? "default keys"}) in {watch.Elapsed.TotalSeconds:F0} s");
    }
}
