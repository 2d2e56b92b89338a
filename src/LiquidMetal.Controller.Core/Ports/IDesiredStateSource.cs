namespace LiquidMetal.Controller.Core.Ports;

/// <summary>
/// Where the desired fleet comes from: a folder or a Git repository. Returns the manifest files as
/// they are at one revision; parsing and validation are the core's job.
/// </summary>
public interface IDesiredStateSource
{
    /// <summary>Where this source reads from, for display and for the recorded applied revision.</summary>
    DesiredStateOrigin Origin { get; }

    /// <summary>Reads the manifests at the source's current revision (for Git: after fetching).</summary>
    /// <exception cref="DesiredStateException">The source is missing, unreadable or breaks a limit; <see cref="DesiredStateException.Code"/> says which.</exception>
    Task<DesiredStateSnapshot> FetchAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Polls on the source's interval and yields a snapshot whenever the revision differs from the last one
    /// seen, starting with <paramref name="knownRevision"/> (null: the first fetch is always yielded).
    /// A failing poll is reported to <paramref name="onError"/> (and logged) and retried on the next
    /// interval, so the last good revision stays in force. Ends only when cancelled.
    /// </summary>
    IAsyncEnumerable<DesiredStateSnapshot> WatchAsync(string? knownRevision, Action<DesiredStateException>? onError, CancellationToken cancellationToken);
}
