namespace LiquidMetal.Core.Reconcile;

/// <summary>Exponential backoff with full jitter in the upper half: delay(n) in [base*2^n / 2, base*2^n], capped.</summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max, Func<double> random)
{
    public TimeSpan Initial { get; } = initial;
    public TimeSpan Max { get; } = max;

    /// <param name="attempt">Failed attempts so far, starting at 1.</param>
    public TimeSpan Delay(int attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(Initial.TotalMilliseconds * Math.Pow(2, exponent), Max.TotalMilliseconds);
        var jittered = (ceiling / 2) + (random() * ceiling / 2);
        return TimeSpan.FromMilliseconds(jittered);
    }
}
