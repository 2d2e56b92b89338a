using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Reconcile;
using LiquidMetal.Core.Service;
using LiquidMetal.Core.Validation;
using LiquidMetal.Core.Vms;
using LiquidMetal.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LiquidMetal.Core.Tests.Reconcile;

/// <summary>A reconciler wired to fakes, with helpers to run passes as the loop would, on a fake clock.</summary>
internal sealed class ReconcilerHarness : IDisposable
{
    public ReconcilerHarness()
    {
        Root = Directory.CreateTempSubdirectory("lm-core-").FullName;
        Layout = new VmLayout(Root);
        Driver = new FakeVmmDriver(Time);
        Driver.OnStart = launch =>
        {
            if (GuestBoots)
            {
                File.WriteAllText(launch.ConsoleLogPath, "Linux version 6.1\nlm-init: hostname x\nliquidmetal-ready instance-id=x\n");
            }
            else
            {
                File.WriteAllText(launch.ConsoleLogPath, "Linux version 6.1\nKernel panic - not syncing: Attempted to kill init!\n");
            }
        };
        Providers = new VmmProviders([Driver], "fake");
        Images = new FakeImageSource(Root);
        Reconciler = NewReconciler();
        Queue = new WorkQueue<string>(Time);
        Service = new MicroVmService(Store, Queue, new MicroVmSpecValidator(new ValidationLimits(), _ => null), Providers, Options.Create(ReconcilerOptions), Time);
    }

    public string Root { get; }
    public VmLayout Layout { get; }
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-24T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    public InMemoryVmStore Store { get; } = new();
    public FakeVmmDriver Driver { get; }
    public FakeNetworkManager Network { get; } = new();
    public FakeSeedBuilder Seeds { get; } = new();
    public FakeImageSource Images { get; }
    public FakeDiskProvisioner Disks { get; } = new();
    public VmmProviders Providers { get; }
    public ReconcilerOptions ReconcilerOptions { get; } = new() { MaxAttempts = 3, BootTimeout = TimeSpan.FromSeconds(30) };
    public VmReconciler Reconciler { get; private set; }
    public WorkQueue<string> Queue { get; }
    public MicroVmService Service { get; }

    /// <summary>Whether the next started guest prints the readiness marker.</summary>
    public bool GuestBoots { get; set; } = true;

    /// <summary>A new reconciler over the same world: what an agent restart looks like.</summary>
    public VmReconciler NewReconciler() => Reconciler = new VmReconciler(
        Store, Providers, [Images], Disks, Network, Seeds, new FakeConsoleLog(), Layout,
        Options.Create(ReconcilerOptions), Time, NullLogger<VmReconciler>.Instance);

    public Task<MicroVm> CreateAsync(MicroVmSpec? spec = null) =>
        Service.CreateAsync(spec ?? Validation.MicroVmSpecValidatorTests.ValidSpec() with { Provider = null }, CancellationToken.None);

    /// <summary>Runs passes, advancing the clock by each requested delay, until the reconciler is done.</summary>
    public async Task<int> SettleAsync(string uid, int maxPasses = 50)
    {
        for (var pass = 1; pass <= maxPasses; pass++)
        {
            var result = await Reconciler.ReconcileAsync(uid, CancellationToken.None);
            if (result.RequeueAfter is not { } delay)
            {
                return pass;
            }

            Time.Advance(delay);
        }

        return maxPasses;
    }

    public MicroVm Vm(string uid) => Store.Get(uid) ?? throw new InvalidOperationException($"{uid} is gone");

    public void Dispose()
    {
        Queue.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
