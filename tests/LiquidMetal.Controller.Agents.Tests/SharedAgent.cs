namespace LiquidMetal.Controller.Agents.Tests;

/// <summary>The test classes that share one idle agent (run one after another, so watches see only their own changes).</summary>
[CollectionDefinition(Name)]
public sealed class SharedAgent : ICollectionFixture<IdleAgent>
{
    public const string Name = "idle agent";
}
