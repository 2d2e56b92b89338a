using System.Security.Cryptography;

namespace LiquidMetal.Core.Vms;

/// <summary>ULIDs (26 Crockford base32 characters: 48-bit millisecond time + 80 random bits), as flintlock makes uids.</summary>
public sealed class UlidGenerator(TimeProvider time)
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public string Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        var ms = time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(ms & 0xFF);
            ms >>= 8;
        }

        RandomNumberGenerator.Fill(bytes[6..]);
        return Encode(bytes);
    }

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        // 128 bits as 26 base32 digits, most significant first (the first digit holds 3 bits).
        var value = new UInt128(
            BitConverter.ToUInt64([.. bytes[..8].ToArray().Reverse()]),
            BitConverter.ToUInt64([.. bytes[8..].ToArray().Reverse()]));
        Span<char> chars = stackalloc char[26];
        for (var i = 25; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(chars);
    }

    public static bool IsValid(string value) =>
        value.Length == 26 && value[0] <= '7' && value.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
