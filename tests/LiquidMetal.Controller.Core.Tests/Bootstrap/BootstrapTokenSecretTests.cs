using LiquidMetal.Controller.Core.Bootstrap;

namespace LiquidMetal.Controller.Core.Tests.Bootstrap;

public class BootstrapTokenSecretTests
{
    [Fact]
    public void Data_Token_KubeadmsKeysAndValues()
    {
        var secret = new BootstrapTokenSecret(new BootstrapToken("abcdef", "0123456789abcdef"),
            new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.FromHours(2)), "a join token");

        Assert.Equal("bootstrap-token-abcdef", secret.Name);
        Assert.Equal(
            [
                new("auth-extra-groups", "system:bootstrappers:kubeadm:default-node-token"),
                new("description", "a join token"),
                new("expiration", "2026-11-25T11:00:00Z"),
                new("token-id", "abcdef"),
                new("token-secret", "0123456789abcdef"),
                new("usage-bootstrap-authentication", "true"),
                new("usage-bootstrap-signing", "true"),
            ],
            secret.Data);
        Assert.DoesNotContain("0123456789abcdef", secret.ToString(), StringComparison.Ordinal);
    }
}
