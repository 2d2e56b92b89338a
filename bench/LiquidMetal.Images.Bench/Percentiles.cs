namespace LiquidMetal.Images.Bench;

/// <summary>Nearest-rank percentiles of a sample, in milliseconds.</summary>
internal sealed record Percentiles(double P50, double P99, double Max, double Mean)
{
    public static Percentiles Of(IReadOnlyList<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(Rank(0.50), Rank(0.99), sorted[^1], sorted.Average());
    }
}
