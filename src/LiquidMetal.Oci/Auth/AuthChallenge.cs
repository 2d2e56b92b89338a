using System.Text;

namespace LiquidMetal.Oci.Auth;

/// <summary>
/// One challenge of a <c>WWW-Authenticate</c> header: <c>Bearer realm="https://auth/token",service="reg",scope="repository:x:pull"</c>
/// or <c>Basic realm="Registry"</c>. Parameter names are case-insensitive; quoted values may contain escaped quotes.
/// </summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>Every challenge in a header value (several may share one header, separated by commas).</summary>
    public static IReadOnlyList<AuthChallenge> ParseAll(string header)
    {
        var challenges = new List<AuthChallenge>();
        var i = 0;
        AuthChallenge? current = null;
        Dictionary<string, string>? parameters = null;
        while (i < header.Length)
        {
            SkipSeparators(header, ref i);
            var token = ReadToken(header, ref i);
            if (token.Length == 0)
            {
                i++;
                continue;
            }

            SkipSpaces(header, ref i);
            if (i < header.Length && header[i] == '=' && current is not null)
            {
                i++;
                SkipSpaces(header, ref i);
                parameters![token] = i < header.Length && header[i] == '"' ? ReadQuoted(header, ref i) : ReadToken(header, ref i);
            }
            else
            {
                parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                current = new AuthChallenge(token, parameters);
                challenges.Add(current);
            }
        }

        return challenges;
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t')
        {
            i++;
        }
    }

    private static void SkipSeparators(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or ',')
        {
            i++;
        }
    }

    private static string ReadToken(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && s[i] is not (' ' or '\t' or ',' or '=' or '"'))
        {
            i++;
        }

        return s[start..i];
    }

    private static string ReadQuoted(string s, ref int i)
    {
        var value = new StringBuilder();
        i++;
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
            }

            value.Append(s[i]);
            i++;
        }

        i++;
        return value.ToString();
    }
}
