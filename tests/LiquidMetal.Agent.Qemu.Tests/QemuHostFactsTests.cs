namespace LiquidMetal.Agent.Qemu.Tests;

public sealed class QemuHostFactsTests
{
    [Fact]
    public void ParseTscKhz_CpuinfoWithMhz_ReturnsKhzOfFirstCpu()
    {
        const string cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu MHz\t\t: 2096.035\ncache size\t: 36608 KB\n\nprocessor\t: 1\ncpu MHz\t\t: 2400.000\n";

        Assert.Equal(2096035, QemuHostFacts.ParseTscKhz(cpuinfo));
    }

    [Fact]
    public void ParseTscKhz_NoMhzLine_ReturnsNull()
    {
        Assert.Null(QemuHostFacts.ParseTscKhz("processor\t: 0\nBogoMIPS\t: 50.00\n"));
    }

    [Fact]
    public void Detect_ThisHost_FindsTheCpuFrequency()
    {
        var facts = QemuHostFacts.Detect("qemu-system-x86_64");

        Assert.True(facts.KvmUsable || facts.TscKhz > 100_000, $"neither KVM nor a CPU frequency: {facts}");
    }
}
