using LiquidMetal.Oci.Auth;

namespace LiquidMetal.Oci.Tests.Auth;

public sealed class AuthChallengeTests
{
    [Fact]
    public void ParseAll_BearerWithQuotedParameters_AllParsed()
    {
        var challenge = AuthChallenge.ParseAll("""Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push" """).Single();

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge["realm"]);
        Assert.Equal("registry.docker.io", challenge["SERVICE"]);
        Assert.Equal("repository:samalba/my-app:pull,push", challenge["scope"]);
    }

    [Fact]
    public void ParseAll_TwoChallengesAndEscapes_Separated()
    {
        var challenges = AuthChallenge.ParseAll("""Basic realm="a \"quoted\" realm", Bearer realm=https://t/token,error="insufficient_scope" """);

        Assert.Equal(2, challenges.Count);
        Assert.True(challenges[0].IsBasic);
        Assert.Equal("a \"quoted\" realm", challenges[0]["realm"]);
        Assert.Equal("https://t/token", challenges[1]["realm"]);
        Assert.Equal("insufficient_scope", challenges[1]["error"]);
    }

    [Fact]
    public void ParseAll_Garbage_NoException()
    {
        foreach (var header in new[] { "", "=", "\"", "Bearer realm=\"unterminated", ",,,", "Bearer =x" })
        {
            _ = AuthChallenge.ParseAll(header);
        }
    }
}
