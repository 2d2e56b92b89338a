namespace LiquidMetal.Agent.Qemu.Tests;

public sealed class QemuOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(new QemuOptionsValidator().Validate(null, new QemuOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadValues_ReportsEveryOne()
    {
        var options = new QemuOptions
        {
            BinaryPath = "bin/qemu",
            RunAsUser = "root; reboot",
            TcgTranslationCacheMiB = 0,
            StartTimeout = TimeSpan.Zero,
        };

        var result = new QemuOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
    }
}
