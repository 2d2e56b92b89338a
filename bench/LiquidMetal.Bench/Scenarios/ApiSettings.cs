namespace LiquidMetal.Bench.Scenarios;

/// <summary>Sizes of the api scenario; the defaults are the documented benchmark.</summary>
public sealed record ApiSettings
{
    public int SeedVms { get; init; } = 1000;
    public int Clients { get; init; } = 16;
    public TimeSpan GetWarmup { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan GetDuration { get; init; } = TimeSpan.FromSeconds(10);
    public int ListWarmupCalls { get; init; } = 20;
    public int ListCalls { get; init; } = 200;
    public int CreateWarmupCalls { get; init; } = 100;
    public int SequentialCreates { get; init; } = 1000;
    public int ConcurrentCreatesPerClient { get; init; } = 100;
}
