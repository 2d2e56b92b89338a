namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>Checks PEM input before it goes into a cloud-config: one armored block of base64, nothing else (no YAML or jinja can hide in it).</summary>
internal static class PemText
{
    public static readonly string[] Certificate = ["CERTIFICATE"];
    public static readonly string[] PrivateKey = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];
    public static readonly string[] PublicKey = ["PUBLIC KEY", "RSA PUBLIC KEY"];

    /// <summary>The PEM with LF line ends and one final newline.</summary>
    /// <exception cref="ArgumentException">Missing, or not one PEM block of an expected type.</exception>
    public static string Require(string? pem, string name, string[] labels)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            throw new ArgumentException($"the PKI's {name} is required for this node", name);
        }

        var normalized = pem.Contains('\r', StringComparison.Ordinal) ? pem.Replace("\r\n", "\n", StringComparison.Ordinal) : pem;
        var text = normalized.AsSpan().Trim("\n ");
        foreach (var label in labels)
        {
            var begin = $"-----BEGIN {label}-----\n";
            var end = $"\n-----END {label}-----";
            if (text.StartsWith(begin, StringComparison.Ordinal) && text.EndsWith(end, StringComparison.Ordinal) && text.Length > begin.Length + end.Length
                && IsBase64Lines(text[begin.Length..^end.Length]))
            {
                // Most PEMs already are exactly this: no copy then.
                return text.Length + 1 == normalized.Length && normalized[^1] == '\n' ? normalized : string.Concat(text, "\n");
            }
        }

        throw new ArgumentException($"the PKI's {name} must be one PEM block ({string.Join(" or ", labels)})", name);
    }

    private static bool IsBase64Lines(ReadOnlySpan<char> body)
    {
        foreach (var c in body)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '\n'))
            {
                return false;
            }
        }

        return true;
    }
}
