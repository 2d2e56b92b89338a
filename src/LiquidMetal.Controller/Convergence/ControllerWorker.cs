using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Controller.Convergence;

/// <summary>
/// The controller's loop: applies each new revision of the configured source, and runs a convergence round on
/// every kick (a new revision, an agent's change) or every resync interval. A failed round is logged and retried.
/// </summary>
internal sealed partial class ControllerWorker(
    FleetConverger converger,
    IControllerStore store,
    RoundTrigger trigger,
    IOptions<ControllerOptions> options,
    TimeProvider time,
    ILogger<ControllerWorker> logger,
    IDesiredStateSource? source = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up path: the API must listen even while the first round is slow.
        await Task.Yield();
        var intake = source is null ? Task.CompletedTask : Task.Run(() => IntakeAsync(source, stoppingToken), stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await converger.RunRoundAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // the loop must outlive any one failed round; the next one retries
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogRoundFailed(logger, e);
            }

            await trigger.WaitAsync(options.Value.ResyncInterval, time, stoppingToken).ConfigureAwait(false);
        }

        await intake.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task IntakeAsync(IDesiredStateSource desiredSource, CancellationToken cancellationToken)
    {
        var known = (await store.LoadAsync(cancellationToken).ConfigureAwait(false)).Desired?.Revision;
        await foreach (var snapshot in desiredSource.WatchAsync(known, e => LogSourceFailed(logger, desiredSource.Origin.ToString(), e.Code.ToString(), e.Message), cancellationToken).ConfigureAwait(false))
        {
            var outcome = await converger.ApplyDesiredAsync(snapshot.Files, snapshot.Revision, snapshot.Origin.ToString(), cancellationToken).ConfigureAwait(false);
            foreach (var error in outcome.Errors)
            {
                LogManifestError(logger, snapshot.Revision, error);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Convergence round failed; retrying on the next kick or resync")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Desired-state source {Origin} failed ({Code}): {Reason}; keeping the last good revision")]
    private static partial void LogSourceFailed(ILogger logger, string origin, string code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revision {Revision} is invalid: {Error}")]
    private static partial void LogManifestError(ILogger logger, string revision, string error);
}
