using System.Security.Cryptography;
using CsCheck;
using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Tests.References;

public sealed class DigestTests
{
    [Fact]
    public void Parse_Sha512_Accepted()
    {
        var hex = new string('a', 128);

        Assert.Equal($"sha512:{hex}", Digest.Parse($"sha512:{hex}").ToString());
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("abc", "no algorithm prefix")]
    [InlineData(":abc", "no algorithm prefix")]
    [InlineData("sha512:abcd", "sha512 needs 128 hex digits, found 4")]
    [InlineData("SHA256:0000000000000000000000000000000000000000000000000000000000000000", "algorithm 'SHA256'")]
    [InlineData("sha256:000000000000000000000000000000000000000000000000000000000000000g", "'g' is not a lowercase hex digit")]
    public void Parse_Invalid_NamesProblem(string input, string problem)
    {
        var error = Assert.Throws<OciException>(() => Digest.Parse(input));

        Assert.Equal(OciErrorCode.InvalidReference, error.Code);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeSha256_AnyContent_MatchesSha256AndRoundTrips()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            var digest = Digest.ComputeSha256(bytes);
            return digest.Hex == Convert.ToHexStringLower(SHA256.HashData(bytes)) && Digest.Parse(digest.ToString()) == digest;
        });
    }

    [Fact]
    public void CreateHash_Sha512Digest_HashesWithSha512()
    {
        var digest = Digest.FromHash(Digest.Sha512, SHA512.HashData([1, 2, 3]));
        using var hash = digest.CreateHash();
        hash.AppendData([1, 2, 3]);

        Assert.Equal(digest, Digest.FromHash(Digest.Sha512, hash.GetHashAndReset()));
    }
}
