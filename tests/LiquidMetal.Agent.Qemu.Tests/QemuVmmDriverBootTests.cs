using System.Diagnostics;
using System.Security.Cryptography;
using LiquidMetal.Agent.Qemu.Tests.Harness;
using LiquidMetal.Core.Ports;
using Xunit.Abstractions;

namespace LiquidMetal.Agent.Qemu.Tests;

/// <summary>Real guests booting under the real QEMU (TCG here: each boot takes a core for a few seconds).</summary>
[Collection(QemuProcessesGroup.Name)]
[Trait("Category", "Boot")]
public sealed class QemuVmmDriverBootTests(GuestImages guest, ITestOutputHelper output)
{
    private static readonly string[] RootArgs = ["root=/dev/vda", "rw"];

    [Fact]
    public async Task StartAsync_DevelopmentGuest_BootsIsAdoptedAndPowersOffByAcpi()
    {
        await using var bed = new QemuTestBed(guest, output);
        var uid = QemuTestBed.NewUid();
        var state = bed.StateDirectory(uid);
        var disk = Path.Combine(state, "volume-root.qcow2");
        var baseHash = Hash(guest.RootFs);
        var format = await bed.NewDiskProvisioner().EnsureWritableDiskAsync(guest.RootFs, null, disk, null, CancellationToken.None);
        var launch = bed.Launch(uid, disks: [new DiskAttachment("root", disk, format, ReadOnly: false)], kernelArgs: RootArgs);

        var watch = Stopwatch.StartNew();
        var process = await bed.StartAsync(launch);
        var startReturned = watch.Elapsed;
        var ready = await bed.WaitForConsoleAsync(launch, process, GuestImages.ReadyMarker);
        bed.Log($"measured: StartAsync returned after {startReturned.TotalMilliseconds:0} ms, marker after {(startReturned + ready).TotalMilliseconds:0} ms");

        Assert.Equal(state, process.StateDirectory);
        Assert.InRange(process.StartedAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.Contains("liquidmetal-root liquidmetal test root volume", QemuTestBed.ReadConsole(launch), StringComparison.Ordinal);
        Assert.Equal(process, await bed.Driver.FindRunningAsync(state, CancellationToken.None));
        var restarted = bed.NewDriver();
        Assert.Equal(process, await restarted.FindRunningAsync(state, CancellationToken.None));
        Assert.True(restarted.IsAlive(process));
        Assert.Equal([process], await restarted.ListProcessesAsync(bed.Root, CancellationToken.None));
        Assert.Equal("running", await restarted.QueryStatusAsync(state, CancellationToken.None));
        Assert.Contains(await File.ReadAllLinesAsync($"/proc/{process.Pid}/status"), l => l.StartsWith("Seccomp:", StringComparison.Ordinal) && l.EndsWith('2'));

        watch.Restart();
        var outcome = await restarted.StopAsync(state, VmStopTimeouts.Default, CancellationToken.None);
        bed.Log($"measured: StopAsync ({outcome}) took {watch.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(StopOutcome.GuestPoweredOff, outcome);
        Assert.Contains("reboot: Power down", QemuTestBed.ReadConsole(launch), StringComparison.Ordinal);
        Assert.False(bed.Driver.IsAlive(process));
        Assert.False(Directory.Exists($"/proc/{process.Pid}") && LinuxProcess.IsRunning(process.Pid));
        Assert.Null(await bed.Driver.FindRunningAsync(state, CancellationToken.None));
        Assert.False(File.Exists(QemuStateFiles.PidFile(state)));
        Assert.False(File.Exists(QemuStateFiles.QmpSocket(state)));
        Assert.Equal(baseHash, Hash(guest.RootFs));
        Assert.InRange(new FileInfo(disk).Length, 1, 4 * 1024 * 1024);
    }

    [Fact]
    public async Task StartAsync_RunAsNobodyWithSeccomp_RunsConfinedAndPowersOff()
    {
        await using var bed = new QemuTestBed(guest, output, o => o.RunAsUser = "nobody");
        var launch = bed.Launch(QemuTestBed.NewUid());

        var process = await bed.StartAsync(launch);
        var ready = await bed.WaitForConsoleAsync(launch, process, GuestImages.ReadyMarker);
        bed.Log($"measured: marker {ready.TotalMilliseconds:0} ms after StartAsync returned");

        var status = await File.ReadAllLinesAsync($"/proc/{process.Pid}/status");
        Assert.Contains(status, l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1).All(u => u == "65534"));
        Assert.Contains(status, l => l.StartsWith("Seccomp:", StringComparison.Ordinal) && l.EndsWith('2'));
        Assert.Equal(StopOutcome.GuestPoweredOff, await bed.Driver.StopAsync(launch.StateDirectory, VmStopTimeouts.Default, CancellationToken.None));
        Assert.False(bed.Driver.IsAlive(process));
        Assert.False(File.Exists(QemuStateFiles.PidFile(launch.StateDirectory)), "the stale pidfile QEMU (as nobody) could not remove is cleaned up");
    }

    [Fact]
    public async Task FindRunningAsync_AfterKill9_ReturnsNull()
    {
        await using var bed = new QemuTestBed(guest, output);
        var launch = bed.Launch(QemuTestBed.NewUid());
        var process = await bed.StartAsync(launch);

        var again = await Assert.ThrowsAsync<VmmException>(() => bed.StartAsync(launch));
        Assert.Equal(VmmErrorCode.AlreadyRunning, again.Code);
        await bed.Driver.PauseAsync(launch.StateDirectory, CancellationToken.None);
        Assert.Equal("paused", await bed.Driver.QueryStatusAsync(launch.StateDirectory, CancellationToken.None));
        await bed.Driver.ResumeAsync(launch.StateDirectory, CancellationToken.None);
        Assert.Equal("running", await bed.Driver.QueryStatusAsync(launch.StateDirectory, CancellationToken.None));

        using (var qemu = Process.GetProcessById(process.Pid))
        {
            qemu.Kill();
        }

        Assert.True(await bed.Driver.WaitForExitAsync(process, TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.True(File.Exists(QemuStateFiles.PidFile(launch.StateDirectory)), "SIGKILL leaves the pidfile behind");
        Assert.Null(await bed.Driver.FindRunningAsync(launch.StateDirectory, CancellationToken.None));
        Assert.Null(await bed.NewDriver().FindRunningAsync(launch.StateDirectory, CancellationToken.None));
        Assert.Empty(await bed.Driver.ListProcessesAsync(bed.Root, CancellationToken.None));
        Assert.Equal(StopOutcome.NotRunning, await bed.Driver.StopAsync(launch.StateDirectory, VmStopTimeouts.Default, CancellationToken.None));
        Assert.False(File.Exists(QemuStateFiles.PidFile(launch.StateDirectory)));
    }

    [Fact]
    public async Task ListProcessesAsync_TwoVmsStartedAtOnce_FindsEachUnderItsDirectory()
    {
        await using var bed = new QemuTestBed(guest, output);
        var first = bed.Launch(QemuTestBed.NewUid());
        var second = bed.Launch(QemuTestBed.NewUid());

        var processes = await Task.WhenAll(bed.StartAsync(first), bed.StartAsync(second));

        Assert.NotEqual(processes[0].Pid, processes[1].Pid);
        Assert.Equal(processes[0], await bed.Driver.FindRunningAsync(first.StateDirectory, CancellationToken.None));
        Assert.Equal(processes[1], await bed.Driver.FindRunningAsync(second.StateDirectory, CancellationToken.None));
        Assert.Equal(processes.OrderBy(p => p.Pid), (await bed.NewDriver().ListProcessesAsync(bed.Root, CancellationToken.None)).OrderBy(p => p.Pid));
        Assert.Empty(await bed.Driver.ListProcessesAsync(Path.Combine(bed.Root, "elsewhere"), CancellationToken.None));

        var quit = new VmStopTimeouts(TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        var outcomes = await Task.WhenAll(
            bed.Driver.StopAsync(first.StateDirectory, quit, CancellationToken.None),
            bed.Driver.StopAsync(second.StateDirectory, quit, CancellationToken.None));

        Assert.Equal([StopOutcome.VmmQuit, StopOutcome.VmmQuit], outcomes);
        Assert.Empty(await bed.Driver.ListProcessesAsync(bed.Root, CancellationToken.None));
    }

    [Fact]
    public async Task StopAsync_NoPowerButtonTimeout_QuitsQemu()
    {
        await using var bed = new QemuTestBed(guest, output);
        var launch = bed.Launch(QemuTestBed.NewUid());
        var process = await bed.StartAsync(launch);

        var outcome = await bed.Driver.StopAsync(launch.StateDirectory, new VmStopTimeouts(TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)), CancellationToken.None);

        Assert.Equal(StopOutcome.VmmQuit, outcome);
        Assert.False(bed.Driver.IsAlive(process));
        Assert.False(File.Exists(QemuStateFiles.QmpSocket(launch.StateDirectory)));
    }

    [Fact]
    public async Task StopAsync_NoPowerButtonNorQuitTimeout_KillsQemu()
    {
        await using var bed = new QemuTestBed(guest, output);
        var launch = bed.Launch(QemuTestBed.NewUid());
        var process = await bed.StartAsync(launch);

        var outcome = await bed.Driver.StopAsync(launch.StateDirectory, new VmStopTimeouts(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(5)), CancellationToken.None);

        Assert.Equal(StopOutcome.Killed, outcome);
        Assert.False(bed.Driver.IsAlive(process));
        Assert.False(File.Exists(QemuStateFiles.PidFile(launch.StateDirectory)));
        Assert.False(File.Exists(QemuStateFiles.QmpSocket(launch.StateDirectory)));
    }

    [Fact]
    public async Task StartAsync_InitThatExits_QemuExitsAfterThePanic()
    {
        await using var bed = new QemuTestBed(guest, output);
        var launch = bed.Launch(QemuTestBed.NewUid(), initrd: guest.BrokenInit);

        VmmProcess process;
        try
        {
            process = await bed.StartAsync(launch);
        }
        catch (VmmStartException ex)
        {
            // Possible if the panic beats QMP: QEMU exited while starting.
            bed.Log($"start failed: {ex.Message}");
            return;
        }

        var watch = Stopwatch.StartNew();
        Assert.True(await bed.Driver.WaitForExitAsync(process, QemuTestBed.BootTimeout, CancellationToken.None), "QEMU still runs although the guest panicked");
        bed.Log($"measured: QEMU exited {watch.Elapsed.TotalMilliseconds:0} ms after StartAsync returned");
        Assert.Contains("Kernel panic", QemuTestBed.ReadConsole(launch), StringComparison.Ordinal);
        Assert.Null(await bed.Driver.FindRunningAsync(launch.StateDirectory, CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_InNetworkNamespaceWithTap_BootsThere()
    {
        await using var bed = new QemuTestBed(guest, output);
        var ns = "lmq-" + Guid.NewGuid().ToString("N")[..8];
        const string tap = "lmqtap0";
        await RunAsync("ip", "netns", "add", ns);
        try
        {
            await RunAsync("ip", "-n", ns, "tuntap", "add", "dev", tap, "mode", "tap");
            await RunAsync("ip", "-n", ns, "link", "set", tap, "up");
            var launch = bed.Launch(
                QemuTestBed.NewUid(),
                nics: [new NicAttachment("eth0", NicKind.Tap, tap, 0, "02:00:00:aa:bb:01")],
                networkNamespace: ns);

            var process = await bed.StartAsync(launch);
            await bed.WaitForConsoleAsync(launch, process, GuestImages.ReadyMarker);

            var identify = await RunAsync("ip", "netns", "identify", process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(ns, identify.StandardOutput.Trim());
            Assert.Equal(StopOutcome.GuestPoweredOff, await bed.Driver.StopAsync(launch.StateDirectory, VmStopTimeouts.Default, CancellationToken.None));
        }
        finally
        {
            await bed.DisposeAsync();
            await RunAsync("ip", "netns", "del", ns);
        }
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    private static async Task<ToolResult> RunAsync(params string[] argv)
    {
        var result = await ToolRunner.RunAsync(argv, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', argv)} failed: {result.StandardError}");
        return result;
    }
}
