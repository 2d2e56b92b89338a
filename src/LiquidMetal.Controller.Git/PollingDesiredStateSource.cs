using System.Runtime.CompilerServices;
using LiquidMetal.Controller.Core.Ports;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Controller.Git;

/// <summary>The watch both sources share: fetch on an interval, yield when the revision changes, keep going on errors.</summary>
public abstract partial class PollingDesiredStateSource(TimeSpan pollInterval, TimeProvider time, ILogger logger) : IDesiredStateSource
{
    public abstract DesiredStateOrigin Origin { get; }

    public TimeSpan PollInterval { get; } = pollInterval > TimeSpan.Zero
        ? pollInterval
        : throw new ArgumentOutOfRangeException(nameof(pollInterval), pollInterval, "The poll interval must be positive");

    public abstract Task<DesiredStateSnapshot> FetchAsync(CancellationToken cancellationToken);

    public async IAsyncEnumerable<DesiredStateSnapshot> WatchAsync(
        string? knownRevision,
        Action<DesiredStateException>? onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = knownRevision;
        while (true)
        {
            DesiredStateSnapshot? snapshot = null;
            try
            {
                snapshot = await FetchAsync(cancellationToken);
            }
            catch (DesiredStateException e)
            {
                LogFetchFailed(logger, Origin, last ?? "none", e.Code, e.Message);
                onError?.Invoke(e);
            }

            if (snapshot is not null && !string.Equals(snapshot.Revision, last, StringComparison.Ordinal))
            {
                LogNewRevision(logger, Origin, snapshot.Revision, snapshot.Files.Count);
                last = snapshot.Revision;
                yield return snapshot;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }
}
