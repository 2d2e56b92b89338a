using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace LiquidMetal.Oci.References;

/// <summary>
/// A content digest, <c>algorithm:hex</c>, as the OCI image spec defines it: <c>sha256</c> (64 lowercase hex digits)
/// or <c>sha512</c> (128). Registered algorithms only: an unknown one could not be verified, so it does not parse.
/// </summary>
public readonly record struct Digest
{
    public const string Sha256 = "sha256";
    public const string Sha512 = "sha512";

    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    /// <summary><c>sha256</c> or <c>sha512</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The lowercase hex encoding of the hash.</summary>
    public string Hex { get; }

    public static Digest Parse(string value) =>
        TryParse(value, out var digest, out var error)
            ? digest
            : throw new OciException(OciErrorCode.InvalidReference, $"Digest '{value}' is invalid: {error}. A digest is sha256:<64 lowercase hex digits> or sha512:<128>.");

    public static bool TryParse([NotNullWhen(true)] string? value, out Digest digest) => TryParse(value, out digest, out _);

    /// <summary>Parses <paramref name="value"/>; on failure <paramref name="error"/> says what is wrong with it.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out Digest digest, [NotNullWhen(false)] out string? error)
    {
        digest = default;
        if (string.IsNullOrEmpty(value))
        {
            error = "it is empty";
            return false;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            error = "it has no algorithm prefix (sha256:)";
            return false;
        }

        var algorithm = value[..colon];
        var hex = value[(colon + 1)..];
        int expected;
        switch (algorithm)
        {
            case Sha256:
                expected = 64;
                break;
            case Sha512:
                expected = 128;
                break;
            default:
                error = $"algorithm '{algorithm}' is not supported (sha256 or sha512)";
                return false;
        }

        if (hex.Length != expected)
        {
            error = $"{algorithm} needs {expected} hex digits, found {hex.Length}";
            return false;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                error = $"'{c}' is not a lowercase hex digit";
                return false;
            }
        }

        digest = new Digest(algorithm, hex);
        error = null;
        return true;
    }

    /// <summary>The sha256 digest of <paramref name="content"/>.</summary>
    public static Digest ComputeSha256(ReadOnlySpan<byte> content) => FromHash(Sha256, SHA256.HashData(content));

    /// <summary>The digest of <paramref name="content"/> with the same algorithm as this one.</summary>
    public Digest Compute(ReadOnlySpan<byte> content) =>
        FromHash(Algorithm, Algorithm == Sha512 ? SHA512.HashData(content) : SHA256.HashData(content));

    /// <summary>A digest from a finished hash.</summary>
    public static Digest FromHash(string algorithm, ReadOnlySpan<byte> hash) =>
        new(algorithm, Convert.ToHexStringLower(hash));

    /// <summary>An incremental hash for this digest's algorithm (for verifying while streaming).</summary>
    public IncrementalHash CreateHash() =>
        IncrementalHash.CreateHash(Algorithm == Sha512 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);

    public override string ToString() => Hex is null ? string.Empty : $"{Algorithm}:{Hex}";
}
