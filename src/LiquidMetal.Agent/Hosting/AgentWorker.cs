using LiquidMetal.Core.Reconcile;

namespace LiquidMetal.Agent.Hosting;

/// <summary>Starts reconciliation once the store is open: clean up orphans first, then run the loop until shutdown.</summary>
internal sealed partial class AgentWorker(
    OrphanCollector orphans,
    ReconcileLoop loop,
    Microsoft.Extensions.Options.IOptions<AgentOptions> options,
    ILogger<AgentWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Reconcile)
        {
            LogReconcileOff();
            return;
        }

        await orphans.CollectAsync(stoppingToken);
        LogStarted();
        await loop.RunUntilStoppedAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciling VMs")]
    private partial void LogStarted();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation is off (Agent:Reconcile=false): serving the API over stored state only")]
    private partial void LogReconcileOff();
}
