using System.Diagnostics;
using LiquidMetal.Agent.Qemu.Tests.Harness;

namespace LiquidMetal.Agent.Qemu.Tests;

/// <summary>Against a real QEMU started paused (-S) with no guest: cheap, nothing boots.</summary>
[Collection(QemuProcessesGroup.Name)]
public sealed class QmpClientTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _directory;
    private readonly Process _qemu;

    public QmpClientTests()
    {
        _directory = Directory.CreateTempSubdirectory("lmqmp-").FullName;
        var start = new ProcessStartInfo("qemu-system-x86_64") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[] { "-M", "microvm", "-accel", "tcg", "-m", "32", "-nodefaults", "-no-user-config", "-display", "none", "-S", "-qmp", $"unix:{Socket},server=on,wait=off" })
        {
            start.ArgumentList.Add(arg);
        }

        _qemu = Process.Start(start)!;
        var deadline = Stopwatch.StartNew();
        while (!UnixSocketListening.IsListening(Socket) && deadline.Elapsed < Timeout && !_qemu.HasExited)
        {
            Thread.Sleep(20);
        }
    }

    private string Socket => Path.Combine(_directory, "qmp.sock");

    [Fact]
    public async Task ConnectAsync_RealQemu_ReadsVersionAndStatus()
    {
        await using var qmp = await QmpClient.ConnectAsync(Socket, Timeout, CancellationToken.None);

        Assert.StartsWith("7.", qmp.QemuVersion ?? "", StringComparison.Ordinal);
        Assert.Equal("prelaunch", await qmp.QueryStatusAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ExecuteAsync_ContThenStop_CollectsStopEvent()
    {
        await using var qmp = await QmpClient.ConnectAsync(Socket, Timeout, CancellationToken.None);

        await qmp.ExecuteAsync("cont", null, CancellationToken.None);
        await qmp.ExecuteAsync("stop", null, CancellationToken.None);
        var status = await qmp.QueryStatusAsync(CancellationToken.None);

        Assert.Equal("paused", status);
        Assert.Contains(qmp.Events, e => e.Name == "STOP" && e.Timestamp is not null);
        Assert.Contains(qmp.Events, e => e.Name == "RESUME");
    }

    [Fact]
    public async Task ExecuteAsync_UnknownCommand_ThrowsCommandFailed()
    {
        await using var qmp = await QmpClient.ConnectAsync(Socket, Timeout, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<VmmException>(() => qmp.ExecuteAsync("no-such-command", null, CancellationToken.None));

        Assert.Equal(VmmErrorCode.QmpCommandFailed, ex.Code);
        Assert.Contains("CommandNotFound", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_WithArguments_PassesThem()
    {
        await using var qmp = await QmpClient.ConnectAsync(Socket, Timeout, CancellationToken.None);

        var result = await qmp.ExecuteAsync("qom-get", new System.Text.Json.Nodes.JsonObject { ["path"] = "/machine", ["property"] = "type" }, CancellationToken.None);

        Assert.Equal("microvm-machine", result.GetString());
    }

    [Fact]
    public async Task QuitAsync_RealQemu_QemuExits()
    {
        await using (var qmp = await QmpClient.ConnectAsync(Socket, Timeout, CancellationToken.None))
        {
            await qmp.QuitAsync(CancellationToken.None);
        }

        Assert.True(_qemu.WaitForExit(Timeout), "QEMU still runs after quit");
    }

    [Fact]
    public async Task ConnectAsync_NoSocket_ThrowsUnavailable()
    {
        var ex = await Assert.ThrowsAsync<VmmException>(() => QmpClient.ConnectAsync(Path.Combine(_directory, "none.sock"), Timeout, CancellationToken.None));

        Assert.Equal(VmmErrorCode.QmpUnavailable, ex.Code);
    }

    [Fact]
    public async Task ConnectAsync_SecondClientWhileFirstConnected_TimesOut()
    {
        await using var first = await QmpClient.ConnectAsync(Socket, Timeout, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<VmmException>(() => QmpClient.ConnectAsync(Socket, TimeSpan.FromMilliseconds(500), CancellationToken.None));

        Assert.Equal(VmmErrorCode.QmpUnavailable, ex.Code);
    }

    public void Dispose()
    {
        if (!_qemu.HasExited)
        {
            _qemu.Kill();
            _qemu.WaitForExit(5000);
        }

        _qemu.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
