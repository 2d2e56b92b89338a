using LiquidMetal.Api.Controller.V1;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Tests.Output;

public class ControllerTableRendererTests
{
    [Fact]
    public void Hosts_Table_MatchesGoldenFile()
    {
        Golden.AssertMatches(TableRendererTests.RenderText(TableRenderer.Hosts(ControllerSamples.Hosts(), Samples.Now)), ["table", "get-hosts.txt"]);
    }

    [Fact]
    public void Clusters_Table_MatchesGoldenFile()
    {
        Golden.AssertMatches(TableRendererTests.RenderText(TableRenderer.Clusters(ControllerSamples.Clusters())), ["table", "get-clusters.txt"]);
    }

    [Fact]
    public void Machines_Table_MatchesGoldenFile()
    {
        Golden.AssertMatches(TableRendererTests.RenderText(TableRenderer.Machines(ControllerSamples.Machines().Machines)), ["table", "get-machines.txt"]);
    }

    [Fact]
    public void Cluster_Described_MatchesGoldenFile()
    {
        Golden.AssertMatches(TableRendererTests.RenderText(TableRenderer.Cluster(ControllerSamples.Described(), Samples.Now)), ["table", "describe-cluster.txt"]);
    }

    [Fact]
    public void Cluster_NothingYet_SaysSoInEverySection()
    {
        var text = TableRendererTests.RenderText(TableRenderer.Cluster(new DescribeClusterResponse { Cluster = new ClusterStatus { Name = "new" } }, Samples.Now));

        Assert.Contains("Conditions:\n  none yet (no convergence round since it was applied)\n", text, StringComparison.Ordinal);
        Assert.Contains("Machines:\n  none\n", text, StringComparison.Ordinal);
        Assert.Contains("Events (newest last):\n  none", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WithChangesAndAnUnplacedNode_MatchesGoldenFile()
    {
        Golden.AssertMatches(TableRendererTests.RenderText(TableRenderer.Plan(ControllerSamples.Plan(), "fleet/")), ["table", "plan.txt"]);
    }

    [Fact]
    public void PlanSummary_NothingToDo_SaysNoChanges()
    {
        var plan = new PlanResponse { Revision = "sha256:00" };

        Assert.Equal("No changes: the agents already run this desired state.", TableRenderer.PlanSummary(plan, "fleet"));
    }

    [Fact]
    public void PlanSummary_AppliedState_SaysTheControllerCarriesItOut()
    {
        var summary = TableRenderer.PlanSummary(ControllerSamples.Plan(), source: null);

        Assert.Equal("Plan: 1 to create, 1 to delete, 1 other; 1 node cannot be placed; 1 waiting. Nothing was changed; the controller carries it out on its own.", summary);
    }
}
