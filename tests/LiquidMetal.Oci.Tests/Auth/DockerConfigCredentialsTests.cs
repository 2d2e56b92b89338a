using System.Text;
using LiquidMetal.Oci.Auth;

namespace LiquidMetal.Oci.Tests.Auth;

public sealed class DockerConfigCredentialsTests
{
    [Fact]
    public void Parse_AllEntryForms_NormalisedByHost()
    {
        var json = $$"""
            {"auths":{
              "https://index.docker.io/v1/":{"auth":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes("hub:pa:ss"))}}"},
              "Reg.Example:5000":{"username":"u","password":"p"},
              "https://ghcr.io/v2/":{"identitytoken":"refresh"}
            },"credsStore":"desktop"}
            """;

        var credentials = DockerConfigCredentials.Parse(Encoding.UTF8.GetBytes(json), "config.json");

        Assert.Equal(new RegistryCredential("hub", "pa:ss"), credentials["docker.io"]);
        Assert.Equal(new RegistryCredential("u", "p"), credentials["reg.example:5000"]);
        Assert.Equal("refresh", credentials["ghcr.io"].IdentityToken);
    }

    [Theory]
    [InlineData("""{"auths":{"r":{"auth":"!!!"}}}""", "is not base64")]
    [InlineData("""{"auths":{"r":{"auth":"dXNlcg=="}}}""", "does not decode to user:password")]
    [InlineData("""{"auths":""", "is not valid JSON")]
    public void Parse_Broken_InvalidConfigurationNamingEntry(string json, string problem)
    {
        var error = Assert.Throws<OciException>(() => DockerConfigCredentials.Parse(Encoding.UTF8.GetBytes(json), "/etc/lm/config.json"));

        Assert.Equal(OciErrorCode.InvalidConfiguration, error.Code);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("/etc/lm/config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Credential_HidesPassword() =>
        Assert.DoesNotContain("secret", new RegistryCredential("u", "secret", "tok").ToString(), StringComparison.Ordinal);
}
