using Microsoft.Extensions.Time.Testing;

namespace LiquidMetal.Controller.Pki.Tests;

public sealed class BootstrapTokenTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Generate_Many_KubeadmFormatUniqueAndEveryCharacterUsed()
    {
        var clock = new FakeTimeProvider(T0);

        var tokens = Enumerable.Range(0, 2000).Select(_ => BootstrapToken.Generate(clock)).ToList();

        Assert.All(tokens, t => Assert.Matches("^[a-z0-9]{6}\\.[a-z0-9]{16}$", t.Value));
        Assert.Equal(tokens.Count, tokens.Select(t => t.Value).Distinct().Count());
        Assert.Equal("0123456789abcdefghijklmnopqrstuvwxyz", string.Concat(tokens.SelectMany(t => t.Secret).Distinct().Order()));
        Assert.All(tokens, t => Assert.Equal(T0 + TimeSpan.FromHours(24), t.Expires));
    }

    [Fact]
    public void IsExpired_AroundTheTtl_FlipsAtExpiry()
    {
        var clock = new FakeTimeProvider(T0);
        var token = BootstrapToken.Generate(clock, TimeSpan.FromMinutes(30));

        Assert.False(token.IsExpired(T0 + TimeSpan.FromMinutes(29)));
        Assert.Equal(TimeSpan.FromMinutes(1), token.RemainingAt(T0 + TimeSpan.FromMinutes(29)));
        Assert.True(token.IsExpired(T0 + TimeSpan.FromMinutes(30)));
        Assert.Equal(TimeSpan.Zero, token.RemainingAt(T0 + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Parse_Valid_RoundTripsAndEquals()
    {
        var token = BootstrapToken.Parse("abcdef.0123456789abcdef", T0);

        Assert.Equal(("abcdef", "0123456789abcdef"), (token.Id, token.Secret));
        Assert.Equal(token, BootstrapToken.Parse(token.Value, T0));
    }

    [Theory]
    [InlineData("abcdef0123456789abcdef")]
    [InlineData("ABCDEF.0123456789abcdef")]
    [InlineData("abcde.0123456789abcdefg")]
    [InlineData("abcdef.0123456789abcde!")]
    [InlineData("abcdef.0123456789abcdef.x")]
    [InlineData("")]
    public void Parse_Malformed_ErrorNeverRepeatsTheToken(string text)
    {
        var e = Assert.Throws<PkiException>(() => BootstrapToken.Parse(text, T0));

        Assert.Equal(PkiErrorCode.InvalidRequest, e.Code);
        Assert.StartsWith("token: must be", e.Message, StringComparison.Ordinal);
        if (text.Length > 0)
        {
            Assert.DoesNotContain(text, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToString_Token_ShowsTheIdNotTheSecret()
    {
        var token = BootstrapToken.Generate(new FakeTimeProvider(T0));

        var text = $"{token}";

        Assert.StartsWith(token.Id + ".", text, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_NonPositiveTtl_InvalidRequest()
    {
        var e = Assert.Throws<PkiException>(() => BootstrapToken.Generate(new FakeTimeProvider(T0), TimeSpan.Zero));

        Assert.Contains("ttl:", e.Message, StringComparison.Ordinal);
    }
}
