using LiquidMetal.Controller.Core.Convergence;
using Microsoft.Extensions.Time.Testing;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

public class JoinTokenWindowsTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(24);
    private static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    [Fact]
    public void Choose_InitTokenHasMarginLeft_InitToken()
    {
        var time = new FakeTimeProvider(Created);
        time.Advance(TimeSpan.FromHours(23));

        var choice = JoinTokenWindows.Choose(Created, time.GetUtcNow(), Ttl, Margin);

        Assert.False(choice.IsFresh);
        Assert.Equal(Created + Ttl, choice.Expires);
    }

    [Fact]
    public void Choose_LessThanMarginLeftOfInitToken_FreshTokenOfWindowZeroOutlivingTheMargin()
    {
        var time = new FakeTimeProvider(Created);
        time.Advance(TimeSpan.FromHours(23) + TimeSpan.FromSeconds(1));

        var choice = JoinTokenWindows.Choose(Created, time.GetUtcNow(), Ttl, Margin);

        Assert.Equal(0, choice.Window);
        Assert.Equal(Created + Ttl + Margin, choice.Expires);
        Assert.True(choice.Expires - time.GetUtcNow() >= Margin);
    }

    [Fact]
    public void Choose_DaysLater_WindowOfNowExpiringAtItsEndPlusMargin()
    {
        var time = new FakeTimeProvider(Created);
        time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(5));

        var choice = JoinTokenWindows.Choose(Created, time.GetUtcNow(), Ttl, Margin);

        Assert.Equal(3, choice.Window);
        Assert.Equal(Created + TimeSpan.FromDays(4) + Margin, choice.Expires);
    }

    [Fact]
    public void Choose_AnyTimeAfterCreation_TokenValidAtLeastMarginAndOneTokenPerWindow()
    {
        var time = new FakeTimeProvider(Created);
        var windows = new Dictionary<long, DateTimeOffset>();
        for (var step = 0; step < 24 * 12 * 5; step++)
        {
            var choice = JoinTokenWindows.Choose(Created, time.GetUtcNow(), Ttl, Margin);
            Assert.True(choice.Expires - time.GetUtcNow() >= Margin, $"at {time.GetUtcNow():u} only {choice.Expires - time.GetUtcNow()} left");
            Assert.True(choice.Expires - time.GetUtcNow() <= Ttl + Margin);
            if (choice.Window is { } window)
            {
                Assert.Equal(windows.GetValueOrDefault(window, choice.Expires), choice.Expires);
                windows[window] = choice.Expires;
            }

            time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Equal([0, 1, 2, 3, 4], windows.Keys.Order());
    }

    [Fact]
    public void Choose_ClockBeforeCreation_InitToken()
    {
        var choice = JoinTokenWindows.Choose(Created, Created - TimeSpan.FromMinutes(3), Ttl, Margin);

        Assert.False(choice.IsFresh);
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(3600, 0)]
    [InlineData(3600, 3600)]
    [InlineData(3600, 7200)]
    public void Choose_BadTtlOrMargin_Throws(int ttlSeconds, int marginSeconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            JoinTokenWindows.Choose(Created, Created, TimeSpan.FromSeconds(ttlSeconds), TimeSpan.FromSeconds(marginSeconds)));

    [Theory]
    [InlineData(24 * 3600, 3600)]
    [InlineData(3600, 900)]
    [InlineData(60, 15)]
    [InlineData(365 * 24 * 3600, 3600)]
    public void DefaultMargin_Ttl_QuarterAtMostAnHour(int ttlSeconds, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), JoinTokenWindows.DefaultMargin(TimeSpan.FromSeconds(ttlSeconds)));
}
