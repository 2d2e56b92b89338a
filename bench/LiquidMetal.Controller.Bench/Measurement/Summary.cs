namespace LiquidMetal.Controller.Bench.Measurement;

/// <summary>Order statistics of a sample (nearest rank), e.g. per-round CPU milliseconds.</summary>
internal sealed record Summary(int Count, double Min, double Median, double P90, double Max, double Mean)
{
    public static Summary Of(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("no samples", nameof(samples));
        }

        var sorted = samples.Order().ToArray();
        return new Summary(sorted.Length, sorted[0], Rank(sorted, 0.5), Rank(sorted, 0.9), sorted[^1], sorted.Average());
    }

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
