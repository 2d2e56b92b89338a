namespace LiquidMetal.Agent.IntegrationTests.Harness;

/// <summary>Base for tests that each get a fresh network namespace and a real agent serving it.</summary>
public abstract class AgentTest : IAsyncLifetime
{
    protected TestNetwork Network { get; private set; } = null!;
    protected AgentProcess Agent { get; private set; } = null!;

    /// <summary>Extra agent command-line arguments for this test class.</summary>
    protected virtual string[] AgentArguments => [];

    public virtual async Task InitializeAsync()
    {
        Network = await TestNetwork.CreateAsync();
        try
        {
            Agent = await AgentProcess.StartAsync(Network, AgentArguments);
        }
        catch
        {
            await Network.DisposeAsync();
            throw;
        }
    }

    public virtual async Task DisposeAsync()
    {
        try
        {
            await Agent.DisposeAsync();
        }
        finally
        {
            await Network.DisposeAsync();
        }
    }
}
