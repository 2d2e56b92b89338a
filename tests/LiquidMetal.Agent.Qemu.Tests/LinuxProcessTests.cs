namespace LiquidMetal.Agent.Qemu.Tests;

public sealed class LinuxProcessTests
{
    [Fact]
    public void ParseStat_CommandWithSpacesAndParentheses_ReadsStateAndStartTime()
    {
        const string stat = "4242 (qemu (x) y) S 1 4242 4242 0 -1 4194624 1234 0 0 0 17 5 0 0 20 0 3 0 987654 1755049984 58000 18446744073709551615";

        var parsed = LinuxProcess.ParseStat(stat);

        Assert.Equal(new ProcStat('S', 987654), parsed);
    }

    [Fact]
    public void ParseStat_Garbage_ReturnsNull()
    {
        Assert.Null(LinuxProcess.ParseStat("no parenthesis here"));
    }

    [Fact]
    public void IsRunning_ThisProcess_IsTrue()
    {
        Assert.True(LinuxProcess.IsRunning(Environment.ProcessId));
        Assert.NotNull(LinuxProcess.StartTime(Environment.ProcessId));
    }

    [Fact]
    public void StartTime_ThisProcess_IsRecent()
    {
        var started = LinuxProcess.StartTime(Environment.ProcessId);

        Assert.InRange(started!.Value, DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Kill_ThroughPidfd_EndsTheProcess()
    {
        using var sleeper = System.Diagnostics.Process.Start("sleep", "60");
        using var pidfd = LinuxProcess.OpenPidfd(sleeper.Id);

        Assert.NotNull(pidfd); // Linux 5.3 or later.
        Assert.True(LinuxProcess.Kill(sleeper.Id, pidfd));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await sleeper.WaitForExitAsync(cts.Token);
        Assert.False(LinuxProcess.Kill(sleeper.Id, pidfd)); // Gone (reaped): the pidfd says so, no other process is hit.
    }

    [Fact]
    public void IsRunning_NoSuchPid_IsFalse()
    {
        Assert.False(LinuxProcess.IsRunning(int.MaxValue));
        Assert.Null(LinuxProcess.ReadCommandLine(int.MaxValue));
        Assert.Null(LinuxProcess.OpenPidfd(int.MaxValue));
    }
}
