using LiquidMetal.Agent.Linux.Host;
using LiquidMetal.Agent.Linux.Tests.TestSupport;

namespace LiquidMetal.Agent.Linux.Tests.Host;

public sealed class HostProbeTests
{
    [Fact]
    public void ParseMemInfo_Typical_ReturnsBytes()
    {
        const string MemInfo = "MemTotal:       16314516 kB\nMemFree:         1234567 kB\nMemAvailable:   12000000 kB\nBuffers:          100 kB\n";

        var memory = HostProbe.ParseMemInfo(MemInfo);

        Assert.Equal(new MemoryInfo(16314516L * 1024, 12000000L * 1024), memory);
    }

    [Fact]
    public void ParseMemInfo_NoMemAvailable_LeavesItNull()
    {
        Assert.Equal(new MemoryInfo(1024, null), HostProbe.ParseMemInfo("MemTotal: 1 kB\n"));
    }

    [Fact]
    public void ParseMemInfo_NoMemTotal_ReturnsNull()
    {
        Assert.Null(HostProbe.ParseMemInfo("MemFree: 1 kB\n"));
    }

    [Theory]
    [InlineData("0", 1)]
    [InlineData("0-3", 4)]
    [InlineData("0-3,8-11,14\n", 9)]
    [InlineData("", null)]
    [InlineData("3-1", null)]
    [InlineData("a", null)]
    [InlineData("0-", null)]
    public void ParseCpuList_Text_CountsCpus(string text, int? expected)
    {
        Assert.Equal(expected, HostProbe.ParseCpuList(text));
    }

    [Fact]
    public async Task ProbeAsync_ThisHost_ReportsWhatTheToolsReport()
    {
        using var dir = new TempDirectory();

        var snapshot = await HostProbe.ProbeAsync(dir.Combine("not", "yet", "made"), CancellationToken.None);

        Assert.Equal(int.Parse(Shell.RunChecked("getconf", "_NPROCESSORS_ONLN").Trim(), System.Globalization.CultureInfo.InvariantCulture), snapshot.CpuCount);
        Assert.Equal(Shell.RunChecked("uname", "-n").Trim(), snapshot.Hostname);
        Assert.Equal(Shell.RunChecked("uname", "-r").Trim(), snapshot.KernelRelease);
        Assert.True(snapshot.MemoryTotalBytes > 64L * 1024 * 1024);
        Assert.InRange(snapshot.MemoryAvailableBytes!.Value, 1, snapshot.MemoryTotalBytes);
        var df = Shell.RunChecked("df", "-B1", "--output=size", dir.Path).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Trim();
        Assert.Equal(long.Parse(df, System.Globalization.CultureInfo.InvariantCulture), snapshot.DiskTotalBytes);
        Assert.InRange(snapshot.DiskFreeBytes, 0, snapshot.DiskTotalBytes);
    }
}
