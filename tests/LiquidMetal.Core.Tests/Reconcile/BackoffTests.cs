using LiquidMetal.Core.Reconcile;

namespace LiquidMetal.Core.Tests.Reconcile;

public class BackoffTests
{
    [Theory]
    [InlineData(1, 500, 1000)]
    [InlineData(2, 1000, 2000)]
    [InlineData(4, 4000, 8000)]
    [InlineData(40, 30000, 60000)]
    public void Delay_GrowsExponentiallyWithinJitterAndCap(int attempt, double minMs, double maxMs)
    {
        var low = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), () => 0).Delay(attempt);
        var high = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), () => 1).Delay(attempt);
        Assert.Equal(minMs, low.TotalMilliseconds, 1);
        Assert.Equal(maxMs, high.TotalMilliseconds, 1);
    }
}
