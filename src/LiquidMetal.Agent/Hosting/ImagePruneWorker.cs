using LiquidMetal.Agent.Images;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Hosting;

/// <summary>Prunes unreferenced images beyond <see cref="ImageOptions.CacheBudgetMiB"/> every <see cref="ImageOptions.PruneInterval"/>.</summary>
internal sealed partial class ImagePruneWorker(
    OciImageStore images,
    IOptions<ImageOptions> options,
    TimeProvider time,
    ILogger<ImagePruneWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PruneInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await images.PruneAsync(options.Value.CacheBudgetMiB * 1024 * 1024, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPruneFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning the image cache failed; trying again at the next interval")]
    private partial void LogPruneFailed(Exception exception);
}
