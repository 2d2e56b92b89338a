using LiquidMetal.Controller.Core.Convergence;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

public class ClusterJoinTokenTests
{
    private const string KeyA = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n";
    private const string KeyB = "-----BEGIN RSA PRIVATE KEY-----\nBBBB\n-----END RSA PRIVATE KEY-----\n";

    [Fact]
    public void Derive_SameKeyAndCluster_SameTokenInKubeadmsFormat()
    {
        var first = ClusterJoinToken.Derive(KeyA, "alpha", TimeSpan.FromHours(24));
        var second = ClusterJoinToken.Derive(KeyA, "alpha", TimeSpan.FromHours(24));

        Assert.Equal(first.Value, second.Value);
        Assert.Matches("^[a-z0-9]{6}\\.[a-z0-9]{16}$", first.Value);
        Assert.Equal(TimeSpan.FromHours(24), first.Ttl);
        Assert.DoesNotContain(first.Secret, first.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_OtherKeyOrCluster_OtherToken()
    {
        var token = ClusterJoinToken.Derive(KeyA, "alpha", TimeSpan.FromHours(1)).Value;

        Assert.NotEqual(token, ClusterJoinToken.Derive(KeyB, "alpha", TimeSpan.FromHours(1)).Value);
        Assert.NotEqual(token, ClusterJoinToken.Derive(KeyA, "beta", TimeSpan.FromHours(1)).Value);
    }

    [Fact]
    public void Derive_ManyClusters_CharactersSpreadOverTheAlphabet()
    {
        var characters = Enumerable.Range(0, 200).SelectMany(i => ClusterJoinToken.Derive(KeyA, $"c{i}", TimeSpan.FromHours(1)).Value.Replace(".", "", StringComparison.Ordinal)).ToHashSet();

        Assert.Equal(36, characters.Count);
    }

    [Fact]
    public void DeriveFresh_SameWindow_SameTokenOtherThanInitAndOtherWindows()
    {
        var init = ClusterJoinToken.Derive(KeyA, "alpha", TimeSpan.FromHours(24)).Value;
        var windows = Enumerable.Range(0, 50).Select(w => ClusterJoinToken.DeriveFresh(KeyA, "alpha", w, TimeSpan.FromHours(25)).Value).ToList();

        Assert.Equal(windows[7], ClusterJoinToken.DeriveFresh(KeyA, "alpha", 7, TimeSpan.FromMinutes(3)).Value);
        Assert.All(windows, w => Assert.Matches("^[a-z0-9]{6}\\.[a-z0-9]{16}$", w));
        Assert.DoesNotContain(init, windows);
        Assert.Equal(50, windows.Distinct().Count());
        Assert.NotEqual(windows[1], ClusterJoinToken.DeriveFresh(KeyB, "alpha", 1, TimeSpan.FromHours(1)).Value);
        Assert.NotEqual(windows[1], ClusterJoinToken.DeriveFresh(KeyA, "beta", 1, TimeSpan.FromHours(1)).Value);
    }

    [Fact]
    public void DeriveFresh_NegativeWindow_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterJoinToken.DeriveFresh(KeyA, "alpha", -1, TimeSpan.FromHours(1)));
}
