using LiquidMetal.Agent.Linux.Networking;

namespace LiquidMetal.Agent.Linux.Tests.Networking;

public sealed class LinuxNamesTests
{
    [Theory]
    [InlineData("br0", true)]
    [InlineData("lm0123456789ab", true)]
    [InlineData("a.b_c-d", true)]
    [InlineData("123456789012345", true)]
    [InlineData("1234567890123456", false)]
    [InlineData("has space", false)]
    [InlineData("semi;colon", false)]
    [InlineData("slash/x", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("", false)]
    public void CheckInterface_Name_AcceptsOnlyKernelNames(string name, bool valid) =>
        Assert.Equal(valid, LinuxNames.CheckInterface(name) is null);

    [Theory]
    [InlineData("02:ab:cd:ef:01:02", true)]
    [InlineData("02:AB:CD:EF:01:02", true)]
    [InlineData("01:00:5e:00:00:01", false)]
    [InlineData("02-ab-cd-ef-01-02", false)]
    [InlineData("02:ab:cd:ef:01", false)]
    public void CheckMac_Value_AcceptsUnicastColonForm(string mac, bool valid) =>
        Assert.Equal(valid, LinuxNames.CheckMac(mac) is null);

    [Fact]
    public void BuildArguments_WithNamespace_PrefixesDashN()
    {
        Assert.Equal(["-n", "vms", "link", "show"], IpCommand.BuildArguments("vms", ["link", "show"]));
        Assert.Equal(["link", "show"], IpCommand.BuildArguments(null, ["link", "show"]));
    }

    [Fact]
    public void DeviceNumber_ParsesSysfsAndStatForms()
    {
        Assert.Equal(new DeviceNumber(246, 1), DeviceNumber.ParseSysfs("246:1\n"));
        Assert.Equal(new DeviceNumber(246, 17), DeviceNumber.ParseStat("character special file:f6:11\n"));
        Assert.Null(DeviceNumber.ParseStat("regular file:0:0"));
        Assert.Null(DeviceNumber.ParseSysfs("garbage"));
    }

    [Fact]
    public void Validate_BadOptions_ReportsEachField()
    {
        var result = new NetworkOptionsValidator().Validate(null, new NetworkOptions { Namespace = "bad ns", DefaultBridge = "x;y", DefaultMacvtapParent = "toolonginterface0" });

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
    }
}
