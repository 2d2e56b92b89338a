using LiquidMetal.Core.Vms;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Agent.Sqlite.Tests;

/// <summary>
/// Entry point of this assembly when run as the crash test's child (<c>dotnet &lt;tests&gt;.dll crash-writer &lt;db&gt;</c>):
/// creates and updates VMs from several tasks until killed, printing each write only after it returned.
/// Under the test runner it is never called.
/// </summary>
public static class CrashWriterProgram
{
    public const string Verb = "crash-writer";
    public const string ReadyLine = "ready";

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != 2 || args[0] != Verb)
        {
            await Console.Error.WriteLineAsync($"usage: {Verb} <database path>");
            return 2;
        }

        var store = await SqliteVmStore.OpenAsync(
            new SqliteVmStoreOptions { DatabasePath = args[1], ChangeLogRetention = 500 },
            NullLogger<SqliteVmStore>.Instance,
            TimeProvider.System,
            CancellationToken.None);
        Console.WriteLine(ReadyLine);

        // A safety net: a test that fails to kill this process must not leave it writing forever.
        using var lifetime = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ulids = new UlidGenerator(TimeProvider.System);
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; !lifetime.IsCancellationRequested; i++)
            {
                var vm = TestVms.New($"crash-{writer}-{i}-{Guid.NewGuid():N}", "crash", ulids.Next());
                var created = await store.CreateAsync(vm, CancellationToken.None);
                Console.WriteLine($"C {created.Vm.Uid}");
                if (i % 2 == 0)
                {
                    var updated = await store.UpdateAsync(
                        created.Vm with { Status = new MicroVmStatus { State = MicroVmState.Created, Attempts = i } },
                        created.Vm.Version,
                        CancellationToken.None);
                    Console.WriteLine($"U {updated.Uid} {updated.Version}");
                }
            }
        }));

        await Task.WhenAll(writers);
        return 0;
    }
}
