using LiquidMetal.Agent.Qemu.Tests.Harness;
using LiquidMetal.Core.Ports;
using Xunit.Abstractions;

namespace LiquidMetal.Agent.Qemu.Tests;

/// <summary>The driver against the real QEMU, for cases where no guest boots.</summary>
[Collection(QemuProcessesGroup.Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xUnit disposes it through IAsyncLifetime")]
public sealed class QemuVmmDriverTests(GuestImages guest, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly QemuTestBed _bed = new(guest, output);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    /// <summary>The test's own oracle: a /dev/kvm without hardware virtualisation in the CPU flags (a sandbox or a
    /// nested set-up without it) cannot run guests, whatever the device node says.</summary>
    private static bool KvmHere => File.Exists("/dev/kvm")
        && File.ReadAllText("/proc/cpuinfo").Split('\n').First(l => l.StartsWith("flags", StringComparison.Ordinal)).Split(' ').Any(f => f is "vmx" or "svm");

    [Fact]
    public async Task ProbeAsync_ThisHost_IsAvailableWithVersion()
    {
        var availability = await _bed.Driver.ProbeAsync(CancellationToken.None);

        Assert.True(availability.Available, availability.Reason);
        Assert.Matches(@"^\d+\.\d+", availability.Version);
        Assert.Equal(KvmHere ? "kvm" : "tcg", availability.Acceleration);
        Assert.Null(availability.Reason);
    }

    [Fact]
    public async Task ProbeAsync_MissingBinary_SaysWhy()
    {
        await using var bed = new QemuTestBed(guest, output, o => o.BinaryPath = "qemu-system-nonexistent");

        var availability = await bed.Driver.ProbeAsync(CancellationToken.None);

        Assert.False(availability.Available);
        Assert.Contains("qemu-system-nonexistent", availability.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Capabilities_ThisHost_IncludeEverythingQemuOffers()
    {
        var capabilities = _bed.Driver.Capabilities;

        Assert.Equal("qemu", _bed.Driver.Name);
        Assert.True(capabilities.HasFlag(VmmCapabilities.Initrd | VmmCapabilities.Tap | VmmCapabilities.Macvtap | VmmCapabilities.Qcow2Disks
            | VmmCapabilities.ReadOnlyDisks | VmmCapabilities.AcpiShutdown | VmmCapabilities.Pause));
        Assert.Equal(!KvmHere, capabilities.HasFlag(VmmCapabilities.SoftwareEmulation));
    }

    [Fact]
    public async Task StartAsync_BrokenKernel_ThrowsWithQemuMessage()
    {
        var launch = _bed.Launch(QemuTestBed.NewUid(), kernel: guest.BrokenKernel);

        var ex = await Assert.ThrowsAsync<VmmStartException>(() => _bed.StartAsync(launch));

        output.WriteLine(ex.Message);
        Assert.StartsWith("QEMU exited while starting: qemu", ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(ex.Output);
        Assert.Null(await _bed.Driver.FindRunningAsync(launch.StateDirectory, CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_MissingKernel_ThrowsWithQemuMessage()
    {
        var launch = _bed.Launch(QemuTestBed.NewUid(), kernel: "/nonexistent/vmlinuz");

        var ex = await Assert.ThrowsAsync<VmmStartException>(() => _bed.StartAsync(launch));

        Assert.Contains("could not open kernel file '/nonexistent/vmlinuz'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_InjectionInDiskId_ThrowsStartExceptionWithoutLaunching()
    {
        var launch = _bed.Launch(QemuTestBed.NewUid(), disks: [new DiskAttachment("x,file=/etc/shadow", guest.RootFs, DiskFormat.Raw, ReadOnly: true)]);

        var ex = await Assert.ThrowsAsync<VmmStartException>(() => _bed.StartAsync(launch));

        Assert.IsType<ArgumentException>(ex.InnerException);
        Assert.False(File.Exists(Path.Combine(launch.StateDirectory, QemuStateFiles.LogName)));
    }

    [Fact]
    public async Task StartAsync_MacvtapDeviceMissing_ThrowsLaunchFailedWithShellMessage()
    {
        var launch = _bed.Launch(QemuTestBed.NewUid(), nics: [new NicAttachment("eth0", NicKind.Macvtap, "lmmissing", 999999, "02:00:00:00:00:01")]);

        var ex = await Assert.ThrowsAsync<VmmException>(() => _bed.StartAsync(launch));

        output.WriteLine(ex.Message);
        Assert.Equal(VmmErrorCode.LaunchFailed, ex.Code);
        Assert.Contains("/dev/tap999999 is not a character device", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists("/dev/tap999999"), "the launcher created a plain file in /dev");
    }

    [Fact]
    public async Task StartAsync_StartTimeoutExpires_ThrowsAndLeavesNoProcess()
    {
        await using var bed = new QemuTestBed(guest, output, o => o.StartTimeout = TimeSpan.FromMilliseconds(1));
        var launch = bed.Launch(QemuTestBed.NewUid());

        var ex = await Assert.ThrowsAsync<VmmException>(() => bed.StartAsync(launch));

        Assert.Equal(VmmErrorCode.StartTimedOut, ex.Code);
        Assert.Empty(await bed.Driver.ListProcessesAsync(bed.Root, CancellationToken.None));
        Assert.DoesNotContain(LinuxProcess.EnumeratePids(), pid =>
            LinuxProcess.ReadCommandLine(pid) is { } argv && argv.Contains(QemuStateFiles.PidFile(launch.StateDirectory)) && LinuxProcess.IsRunning(pid));
    }

    [Fact]
    public async Task FindRunningAsync_EmptyDirectory_ReturnsNull()
    {
        var state = _bed.StateDirectory(QemuTestBed.NewUid());
        Directory.CreateDirectory(state);

        Assert.Null(await _bed.Driver.FindRunningAsync(state, CancellationToken.None));
        Assert.Null(await _bed.Driver.FindRunningAsync(Path.Combine(_bed.Root, "does-not-exist"), CancellationToken.None));
    }

    [Fact]
    public async Task FindRunningAsync_PidfileOfAnotherProcess_ReturnsNull()
    {
        var state = _bed.StateDirectory(QemuTestBed.NewUid());
        Directory.CreateDirectory(state);
        await File.WriteAllTextAsync(QemuStateFiles.PidFile(state), $"{Environment.ProcessId}\n");

        Assert.Null(await _bed.Driver.FindRunningAsync(state, CancellationToken.None));
    }

    [Fact]
    public async Task StopAsync_NothingRunning_ReturnsNotRunningAndRemovesStaleFiles()
    {
        var state = _bed.StateDirectory(QemuTestBed.NewUid());
        Directory.CreateDirectory(state);
        await File.WriteAllTextAsync(QemuStateFiles.PidFile(state), "999999999\n");

        var outcome = await _bed.Driver.StopAsync(state, VmStopTimeouts.Default, CancellationToken.None);

        Assert.Equal(StopOutcome.NotRunning, outcome);
        Assert.False(File.Exists(QemuStateFiles.PidFile(state)));
    }

    [Fact]
    public async Task ListProcessesAsync_NothingUnderRoot_ReturnsEmpty()
    {
        Assert.Empty(await _bed.Driver.ListProcessesAsync(_bed.Root, CancellationToken.None));
    }
}
