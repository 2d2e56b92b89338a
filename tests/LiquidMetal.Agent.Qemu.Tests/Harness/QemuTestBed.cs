using System.Diagnostics;
using LiquidMetal.Core.Ports;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace LiquidMetal.Agent.Qemu.Tests.Harness;

/// <summary>
/// A temporary state root (ROOT/vms/UID per VM) and a driver over it. Disposing stops every QEMU started through it
/// and any other QEMU whose state directory lies under ROOT, even when the test failed, then deletes ROOT.
/// </summary>
public sealed class QemuTestBed : IAsyncDisposable
{
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    private readonly ITestOutputHelper _output;
    private readonly List<string> _stateDirectories = [];
    private bool _disposed;

    public QemuTestBed(GuestImages guest, ITestOutputHelper output, Action<QemuOptions>? configure = null)
    {
        Guest = guest;
        _output = output;
        Root = Directory.CreateTempSubdirectory("lmq-").FullName;
        Options = new QemuOptions();
        configure?.Invoke(Options);
        Driver = NewDriver();
    }

    public GuestImages Guest { get; }
    public string Root { get; }
    public QemuOptions Options { get; }
    public QemuVmmDriver Driver { get; }

    /// <summary>Another driver instance over the same root, as an agent restarted since the VM was started has.</summary>
    public QemuVmmDriver NewDriver() => new(Microsoft.Extensions.Options.Options.Create(Options), new TestOutputLogger<QemuVmmDriver>(_output));

    public QemuImgDiskProvisioner NewDiskProvisioner() =>
        new(Microsoft.Extensions.Options.Options.Create(Options), new TestOutputLogger<QemuImgDiskProvisioner>(_output));

    public string StateDirectory(string uid) => Path.Combine(Root, "vms", uid);

    public static string NewUid() => "vm" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The development guest with no disk (initramfs only) unless told otherwise.</summary>
    public VmLaunchSpec Launch(
        string uid,
        string? kernel = null,
        string? initrd = null,
        IReadOnlyList<DiskAttachment>? disks = null,
        IReadOnlyList<string>? kernelArgs = null,
        IReadOnlyList<NicAttachment>? nics = null,
        string? networkNamespace = null)
    {
        var state = StateDirectory(uid);
        Directory.CreateDirectory(state);
        return new VmLaunchSpec
        {
            Uid = uid,
            StateDirectory = state,
            Vcpu = 1,
            MemoryMiB = 256,
            KernelPath = kernel ?? Guest.Kernel,
            InitrdPath = initrd ?? Guest.Initrd,
            KernelArgs = kernelArgs ?? [],
            Disks = disks ?? [],
            Nics = nics ?? [],
            ConsoleLogPath = Path.Combine(state, "console.log"),
            NetworkNamespace = networkNamespace,
        };
    }

    public async Task<VmmProcess> StartAsync(VmLaunchSpec launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        _stateDirectories.Add(launch.StateDirectory);
        using var cts = new CancellationTokenSource(OperationTimeout);
        return await Driver.StartAsync(launch, cts.Token);
    }

    /// <summary>Waits for text on the VM's console; returns how long that took. Fails early when QEMU exits.</summary>
    public async Task<TimeSpan> WaitForConsoleAsync(VmLaunchSpec launch, VmmProcess process, string text, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var watch = Stopwatch.StartNew();
        var limit = timeout ?? BootTimeout;
        while (watch.Elapsed < limit)
        {
            var console = ReadConsole(launch);
            if (console.Contains(text, StringComparison.Ordinal))
            {
                return watch.Elapsed;
            }

            if (!Driver.IsAlive(process))
            {
                throw new Xunit.Sdk.XunitException($"QEMU exited before '{text}' appeared; console tail:\n{Tail(console)}");
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"'{text}' did not appear within {limit.TotalSeconds:0} s; console tail:\n{Tail(ReadConsole(launch))}");
    }

    public static string ReadConsole(VmLaunchSpec launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        try
        {
            using var stream = new FileStream(launch.ConsoleLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    public void Log(string line) => _output.WriteLine(line);

    /// <summary>Idempotent: a test may dispose early (e.g. before removing a network namespace the VM uses).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var quick = new VmStopTimeouts(TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
        foreach (var state in _stateDirectories)
        {
            try
            {
                using var cts = new CancellationTokenSource(OperationTimeout);
                var outcome = await Driver.StopAsync(state, quick, cts.Token);
                if (outcome != StopOutcome.NotRunning)
                {
                    _output.WriteLine($"cleanup: stopped QEMU of {state}: {outcome}");
                }
            }
            catch (Exception ex)
            {
                _output.WriteLine($"cleanup: stopping {state} failed: {ex.Message}");
            }
        }

        // Anything else under the root (a test that launched QEMU some other way, or a failed stop).
        foreach (var process in await Driver.ListProcessesAsync(Root, CancellationToken.None))
        {
            try
            {
                using var p = Process.GetProcessById(process.Pid);
                p.Kill();
                p.WaitForExit(5000);
                _output.WriteLine($"cleanup: killed leftover QEMU pid {process.Pid}");
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
            }
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException ex)
        {
            _output.WriteLine($"cleanup: {Root} not deleted: {ex.Message}");
        }
    }

    private static string Tail(string console) =>
        string.Join('\n', console.Split('\n').TakeLast(25));
}
