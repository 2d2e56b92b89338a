namespace LiquidMetal.Agent.Qemu.Tests;

public sealed class QemuProcessIdentityTests
{
    [Fact]
    public void StateDirectoryOf_QemuWithPidfile_ReturnsItsDirectory()
    {
        string[] argv = ["qemu-system-x86_64", "-M", "microvm", "-pidfile", "/var/lib/lm/vms/abc/qemu.pid", "-kernel", "/k"];

        Assert.Equal("/var/lib/lm/vms/abc", QemuProcessIdentity.StateDirectoryOf(argv, "qemu-system-x86_64"));
    }

    [Fact]
    public void StateDirectoryOf_ConfiguredBinaryWithOtherName_Matches()
    {
        string[] argv = ["/opt/qemu-kvm", "-pidfile", "/s/vms/a/qemu.pid"];

        Assert.Equal("/s/vms/a", QemuProcessIdentity.StateDirectoryOf(argv, "/opt/qemu-kvm"));
    }

    [Theory]
    [InlineData("sleep", "-pidfile", "/s/vms/a/qemu.pid")]
    [InlineData("qemu-system-x86_64", "-pidfile", "/s/vms/a/other.pid")]
    [InlineData("qemu-system-x86_64", "-pidfile", "relative/qemu.pid")]
    [InlineData("qemu-system-x86_64", "-name", "/s/vms/a/qemu.pid")]
    public void StateDirectoryOf_OtherProcess_ReturnsNull(string program, string option, string value)
    {
        Assert.Null(QemuProcessIdentity.StateDirectoryOf([program, option, value], "qemu-system-x86_64"));
    }
}
