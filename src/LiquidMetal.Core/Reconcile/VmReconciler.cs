using LiquidMetal.Core.Networking;
using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Storage;
using LiquidMetal.Core.Vms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Core.Reconcile;

/// <summary>
/// Drives one VM toward its spec in ordered, idempotent steps: state directory, kernel/initrd/volumes,
/// network devices, metadata seed, VMM start, boot check. Every step measures before it acts, so a pass
/// may start over at any point (after a crash, a conflict or a retry) without duplicating anything.
/// </summary>
public sealed partial class VmReconciler
{
    private const int ConsoleScanBytes = 64 * 1024;

    private readonly IVmStore _store;
    private readonly VmmProviders _providers;
    private readonly IReadOnlyList<IImageSource> _imageSources;
    private readonly IDiskProvisioner _disks;
    private readonly INetworkManager _network;
    private readonly IMetadataSeedBuilder _seeds;
    private readonly IConsoleLog _console;
    private readonly VmLayout _layout;
    private readonly ReconcilerOptions _options;
    private readonly BootSignal _bootSignal;
    private readonly Backoff _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger<VmReconciler> _logger;

    public VmReconciler(
        IVmStore store,
        VmmProviders providers,
        IEnumerable<IImageSource> imageSources,
        IDiskProvisioner disks,
        INetworkManager network,
        IMetadataSeedBuilder seeds,
        IConsoleLog console,
        VmLayout layout,
        IOptions<ReconcilerOptions> options,
        TimeProvider time,
        ILogger<VmReconciler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _providers = providers;
        _imageSources = [.. imageSources];
        _disks = disks;
        _network = network;
        _seeds = seeds;
        _console = console;
        _layout = layout;
        _options = options.Value;
        _bootSignal = new BootSignal(_options.ReadyPatterns);
        _backoff = new Backoff(_options.BackoffInitial, _options.BackoffMax, Random.Shared.NextDouble);
        _time = time;
        _logger = logger;
    }

    public async Task<ReconcileResult> ReconcileAsync(string uid, CancellationToken cancellationToken)
    {
        var vm = _store.Get(uid);
        if (vm is null)
        {
            return ReconcileResult.Done;
        }

        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["vm"] = uid, ["namespace"] = vm.Namespace, ["id"] = vm.Id, ["version"] = vm.Version });
        try
        {
            return vm.IsDeleting
                ? await DeleteAsync(vm, cancellationToken).ConfigureAwait(false)
                : await EnsureRunningAsync(vm, cancellationToken).ConfigureAwait(false);
        }
        catch (VersionConflictException)
        {
            // Someone (a delete request) changed the VM meanwhile: look again at the new version.
            return ReconcileResult.After(TimeSpan.Zero);
        }
    }

    private async Task<ReconcileResult> EnsureRunningAsync(MicroVm vm, CancellationToken cancellationToken)
    {
        var status = vm.Status;
        if (status is { State: MicroVmState.Failed, NextAttemptAt: null, BootStartedAt: null })
        {
            return ReconcileResult.Done; // Gave up; the reason is on the VM until it is deleted.
        }

        var driver = _providers.For(vm.Spec.Provider);
        var directory = _layout.Directory(vm.Uid);
        var running = await driver.FindRunningAsync(directory, cancellationToken).ConfigureAwait(false);
        if (running is not null)
        {
            return status.State == MicroVmState.Created && status.VmmPid == running.Pid
                ? ReconcileResult.Done
                : await CheckBootAsync(vm, running, driver, cancellationToken).ConfigureAwait(false);
        }

        if (status.BootStartedAt is not null)
        {
            // A VMM was started for this VM and is gone: the guest crashed, powered off or was killed.
            return await RecordVmmGoneAsync(vm, cancellationToken).ConfigureAwait(false);
        }

        if (status.NextAttemptAt is { } next && next > _time.GetUtcNow())
        {
            return ReconcileResult.After(next - _time.GetUtcNow());
        }

        try
        {
            return await StartAsync(vm, driver, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not VersionConflictException)
        {
            return await RecordFailureAsync(vm, Classify(ex), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ReconcileResult> StartAsync(MicroVm vm, IVmmDriver driver, CancellationToken cancellationToken)
    {
        var uid = vm.Uid;
        var spec = vm.Spec;
        Directory.CreateDirectory(_layout.Directory(uid));

        LogPreparing(spec.Kernel.Image);
        var kernel = await ResolveImageAsync(new ImageRequest(uid, spec.Kernel.Image, spec.Kernel.Filename, ImageUse.Kernel), cancellationToken).ConfigureAwait(false);
        var initrd = spec.Initrd is { } i
            ? await ResolveImageAsync(new ImageRequest(uid, i.Image, i.Filename, ImageUse.Initrd), cancellationToken).ConfigureAwait(false)
            : null;
        var (disks, volumeMounts) = await PrepareDisksAsync(vm, cancellationToken).ConfigureAwait(false);
        var nics = await EnsureNicsAsync(vm, cancellationToken).ConfigureAwait(false);

        var seedPath = _layout.Seed(uid);
        await _seeds.BuildAsync(seedPath, vm, nics, cancellationToken).ConfigureAwait(false);
        disks.Add(new DiskAttachment("seed", seedPath, DiskFormat.Raw, ReadOnly: true));

        var consoleLog = _layout.ConsoleLog(uid);
        _console.Rotate(consoleLog);
        var launch = new VmLaunchSpec
        {
            Uid = uid,
            StateDirectory = _layout.Directory(uid),
            Vcpu = spec.Vcpu,
            MemoryMiB = spec.MemoryMiB,
            KernelPath = kernel.Path,
            InitrdPath = initrd?.Path,
            KernelArgs = KernelArgs.Build(spec),
            Disks = disks,
            Nics = nics,
            ConsoleLogPath = consoleLog,
            NetworkNamespace = _options.NetworkNamespace,
        };

        LogStarting(driver.Name, vm.Status.Attempts + 1);
        var startedAt = _time.GetUtcNow();
        var process = await driver.StartAsync(launch, cancellationToken).ConfigureAwait(false);
        var updated = await SaveAsync(vm, vm.Status with
        {
            State = vm.Status.State == MicroVmState.Failed ? MicroVmState.Failed : MicroVmState.Pending,
            Provider = driver.Name,
            VmmPid = process.Pid,
            BootStartedAt = startedAt,
            NextAttemptAt = null,
            KernelMount = new MountStatus(MountType.HostPath, kernel.Source),
            InitrdMount = initrd is null ? null : new MountStatus(MountType.HostPath, initrd.Source),
            Volumes = volumeMounts,
            NetworkInterfaces = new SortedDictionary<string, InterfaceStatus>(
                nics.ToDictionary(n => n.DeviceId, n => new InterfaceStatus(n.HostDevice, n.HostIndex, n.GuestMac)), StringComparer.Ordinal),
        }, cancellationToken).ConfigureAwait(false);
        return await CheckBootAsync(updated, process, driver, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ResolvedImage> ResolveImageAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        var source = _imageSources.FirstOrDefault(s => s.CanResolve(request.Reference))
            ?? throw new ImageException($"No image source on this host handles '{request.Reference}'");
        return await source.ResolveAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(List<DiskAttachment> Disks, SortedDictionary<string, MountStatus> Mounts)> PrepareDisksAsync(MicroVm vm, CancellationToken cancellationToken)
    {
        var disks = new List<DiskAttachment>();
        var mounts = new SortedDictionary<string, MountStatus>(StringComparer.Ordinal);
        foreach (var volume in vm.Spec.AllVolumes())
        {
            var request = new ImageRequest(vm.Uid, volume.ContainerSource!, null, ImageUse.Volume, volume.SizeMiB);
            var image = await ResolveImageAsync(request, cancellationToken).ConfigureAwait(false);
            if (volume.IsReadOnly && volume.SizeMiB is null)
            {
                // Read-only volumes share the base image: nothing to copy.
                disks.Add(new DiskAttachment(volume.Id, image.Path, image.Format ?? DiskFormat.Raw, ReadOnly: true));
            }
            else
            {
                var target = _layout.Disk(vm.Uid, volume.Id);
                var format = await _disks.EnsureWritableDiskAsync(image.Path, image.Format, target, volume.SizeMiB, cancellationToken).ConfigureAwait(false);
                disks.Add(new DiskAttachment(volume.Id, target, format, volume.IsReadOnly));
            }

            mounts[volume.Id] = new MountStatus(MountType.HostPath, image.Source);
        }

        return (disks, mounts);
    }

    private async Task<List<NicAttachment>> EnsureNicsAsync(MicroVm vm, CancellationToken cancellationToken)
    {
        var nics = new List<NicAttachment>();
        foreach (var nic in vm.Spec.Interfaces)
        {
            var kind = nic.Type == InterfaceType.Tap ? NicKind.Tap : NicKind.Macvtap;
            var parent = nic.BridgeName is { Length: > 0 } overridden ? overridden
                : kind == NicKind.Tap ? _options.DefaultBridge
                : _options.DefaultMacvtapParent ?? throw new NetworkException(
                    $"Interface {nic.DeviceId} asks for MACVTAP but this host has no macvtap parent interface configured (Reconciler:DefaultMacvtapParent); use type TAP or set a parent") { IsPrecondition = true };
            var request = new NicRequest(
                nic.DeviceId,
                kind,
                InterfaceNames.HostDevice(vm.Uid, nic.DeviceId),
                parent,
                nic.GuestMac is { Length: > 0 } mac ? mac.ToLowerInvariant() : InterfaceNames.GuestMac(vm.Uid, nic.DeviceId));
            nics.Add(await _network.EnsureInterfaceAsync(request, cancellationToken).ConfigureAwait(false));
        }

        return nics;
    }

    private async Task<ReconcileResult> CheckBootAsync(MicroVm vm, VmmProcess process, IVmmDriver driver, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var startedAt = vm.Status.BootStartedAt ?? process.StartedAt ?? now;
        if (vm.Status.BootStartedAt is null || vm.Status.VmmPid != process.Pid)
        {
            // Adopting a VMM that was started before a crash, or by an earlier agent process.
            LogAdopting(process.Pid);
            vm = await SaveAsync(vm, vm.Status with { VmmPid = process.Pid, BootStartedAt = startedAt, Provider = driver.Name }, cancellationToken).ConfigureAwait(false);
        }

        var console = await _console.ReadCurrentAsync(_layout.ConsoleLog(vm.Uid), ConsoleScanBytes, cancellationToken).ConfigureAwait(false);
        if (_bootSignal.IsReady(console))
        {
            var bootDuration = now - startedAt;
            LogReady(bootDuration.TotalMilliseconds);
            await SaveAsync(vm, vm.Status with
            {
                State = MicroVmState.Created,
                Reason = null,
                ConsoleTail = [],
                Attempts = 0,
                NextAttemptAt = null,
                BootDuration = bootDuration,
            }, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        if (now - startedAt < _options.BootTimeout)
        {
            return ReconcileResult.After(_options.BootPollInterval);
        }

        await driver.StopAsync(_layout.Directory(vm.Uid), new VmStopTimeouts(TimeSpan.Zero, TimeSpan.FromSeconds(1), _options.KillTimeout), cancellationToken).ConfigureAwait(false);
        var failure = new ReconcileFailureException(
            FailureKind.Permanent,
            $"The guest did not signal readiness within {_options.BootTimeout.TotalSeconds:0}s of starting; check the kernel, initrd and root volume, and the console below",
            BootSignal.Tail(console, _options.ConsoleTailLines));
        return await RecordFailureAsync(vm, failure, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReconcileResult> RecordVmmGoneAsync(MicroVm vm, CancellationToken cancellationToken)
    {
        var console = await _console.ReadCurrentAsync(_layout.ConsoleLog(vm.Uid), ConsoleScanBytes, cancellationToken).ConfigureAwait(false);
        var tail = BootSignal.Tail(console, _options.ConsoleTailLines);
        var cause = BootSignal.FatalLine(console) is { } fatal ? $" ({fatal.Trim()})" : "";
        var failure = vm.Status.State == MicroVmState.Created
            ? new ReconcileFailureException(FailureKind.GuestDied, $"The guest stopped unexpectedly{cause}; restarting it", tail)
            : new ReconcileFailureException(FailureKind.Permanent, $"The guest stopped before it signalled readiness{cause}; check the kernel, initrd and root volume, and the console tail", tail);
        LogVmmGone(vm.Status.VmmPid ?? 0, failure.Message);
        return await RecordFailureAsync(vm, failure, cancellationToken).ConfigureAwait(false);
    }

    private async Task<MicroVm> SaveAsync(MicroVm vm, MicroVmStatus status, CancellationToken cancellationToken)
    {
        if (status == vm.Status)
        {
            return vm;
        }

        if (status.State != vm.Status.State)
        {
            status = status with { LastTransition = _time.GetUtcNow() };
        }

        return await _store.UpdateAsync(vm with { Status = status }, vm.Version, cancellationToken).ConfigureAwait(false);
    }
}
