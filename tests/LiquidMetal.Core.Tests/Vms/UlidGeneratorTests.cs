using LiquidMetal.Core.Vms;
using Microsoft.Extensions.Time.Testing;

namespace LiquidMetal.Core.Tests.Vms;

public class UlidGeneratorTests
{
    [Fact]
    public void Next_ProducesValidSortableUniqueUlids()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var generator = new UlidGenerator(time);
        var first = generator.Next();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var second = generator.Next();

        Assert.True(UlidGenerator.IsValid(first), first);
        Assert.True(string.CompareOrdinal(first, second) < 0);
        Assert.Equal(1000, Enumerable.Range(0, 1000).Select(_ => generator.Next()).Distinct().Count());
    }

    [Fact]
    public void Next_EncodesTimestampInFirstTenCharacters()
    {
        // 2016-07-30T23:54:10.259Z is 1469922850259 ms: "01ARZ3NDEK", as in the ULID spec's example 01ARZ3NDEKTSV4RRFFQ69G5FAV.
        var generator = new UlidGenerator(new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1469922850259)));
        Assert.StartsWith("01ARZ3NDEK", generator.Next(), StringComparison.Ordinal);
    }
}
