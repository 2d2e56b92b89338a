namespace LiquidMetal.Agent.Qemu.Tests.Harness;

/// <summary>
/// Every test that runs QEMU is in this collection, so they run one after another: under TCG each QEMU takes a
/// whole core and this machine has two.
/// </summary>
[CollectionDefinition(Name)]
public sealed class QemuProcessesGroup : ICollectionFixture<GuestImages>
{
    public const string Name = "QEMU processes";
}
