namespace LiquidMetal.Controller.Core.Tests;

public class ProjectSmokeTests
{
    [Fact]
    public void Assembly_Loads_NamedAfterProject() =>
        Assert.Equal("LiquidMetal.Controller.Core", typeof(ProjectSmokeTests).Assembly.GetName().Name!.Replace(".Tests", "", StringComparison.Ordinal));
}
