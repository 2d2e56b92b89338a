namespace LiquidMetal.Oci.Registry;

/// <summary>Exponential backoff with jitter for transient faults, bounded by <see cref="OciClientOptions.MaxAttempts"/>.</summary>
internal sealed class RetryPolicy(OciClientOptions options, TimeProvider time)
{
    public int MaxAttempts => Math.Max(1, options.MaxAttempts);

    /// <summary>Half the doubled delay plus a random half (so concurrent clients spread out), capped at the maximum.</summary>
    public TimeSpan Backoff(int failures)
    {
        var doubled = options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20));
        var capped = Math.Min(doubled, options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }

    public Task DelayAsync(int failures, CancellationToken cancellationToken) =>
        Task.Delay(Backoff(failures), time, cancellationToken);

    /// <summary>The error to throw once attempts are used up: the last one, saying so.</summary>
    public static OciException GaveUp(OciException last, int attempts) =>
        new(OciErrorCode.Transient, $"{last.Message} (gave up after {attempts} attempts)", last);
}
