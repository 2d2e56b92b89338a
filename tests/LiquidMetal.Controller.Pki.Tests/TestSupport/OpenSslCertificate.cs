using System.Text.RegularExpressions;

namespace LiquidMetal.Controller.Pki.Tests.TestSupport;

/// <summary>A certificate as <c>openssl x509 -noout -text</c> and <c>-subject</c> describe it.</summary>
internal sealed partial record OpenSslCertificate(string Subject, string Issuer, IReadOnlyDictionary<string, (bool Critical, string Value)> Extensions, string Text)
{
    public static async Task<OpenSslCertificate> ReadAsync(string certificatePath)
    {
        var text = await Tool.OpenSslAsync("x509", "-in", certificatePath, "-noout", "-text");
        var subject = (await Tool.OpenSslAsync("x509", "-in", certificatePath, "-noout", "-subject")).Trim();
        var issuer = (await Tool.OpenSslAsync("x509", "-in", certificatePath, "-noout", "-issuer")).Trim();
        var extensions = new Dictionary<string, (bool, string)>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == "X509v3 extensions:");
        for (var i = start + 1; start >= 0 && i < lines.Length; i++)
        {
            var match = ExtensionHeader().Match(lines[i]);
            if (!match.Success)
            {
                if (!lines[i].StartsWith("                ", StringComparison.Ordinal))
                {
                    break;
                }

                continue;
            }

            var values = new List<string>();
            for (var j = i + 1; j < lines.Length && lines[j].StartsWith("                ", StringComparison.Ordinal); j++)
            {
                values.Add(lines[j].Trim());
            }

            extensions[match.Groups["name"].Value] = (match.Groups["critical"].Success, string.Join("\n", values));
        }

        return new OpenSslCertificate(subject, issuer, extensions, text);
    }

    public (bool Critical, string Value) Extension(string name) =>
        Extensions.TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException($"no extension '{name}' in:\n{Text}");

    /// <summary>The SAN entries, e.g. <c>DNS:localhost</c>, <c>IP Address:127.0.0.1</c>.</summary>
    public IReadOnlyList<string> SubjectAlternativeNames =>
        Extensions.TryGetValue("X509v3 Subject Alternative Name", out var san) ? san.Value.Split(", ") : [];

    [GeneratedRegex(@"^ {12}(?<name>[^ ].*?):( (?<critical>critical))?\s*$")]
    private static partial Regex ExtensionHeader();
}
