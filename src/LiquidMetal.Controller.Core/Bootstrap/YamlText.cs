using System.Globalization;
using System.Text;

namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>
/// Writes the small subset of YAML the bootstrap documents use, byte-stable and fast: scalars quoted only when plain
/// style could be misread (YAML 1.1 booleans, numbers, indicators), multi-line text as literal blocks with the right
/// chomping indicator.
/// </summary>
internal static class YamlText
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    };

    /// <summary>Appends <paramref name="value"/> as a scalar: plain when unambiguous, else single-quoted, else double-quoted.</summary>
    public static StringBuilder Scalar(this StringBuilder text, string value)
    {
        if (IsPlainSafe(value))
        {
            return text.Append(value);
        }

        if (value.All(c => c >= ' ' && c != '\u007f'))
        {
            return text.Append('\'').Append(value.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
        }

        text.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\t' => text.Append("\\t"),
                '\r' => text.Append("\\r"),
                < ' ' or '\u007f' => text.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => text.Append(c),
            };
        }

        return text.Append('"');
    }

    /// <summary>
    /// Appends <c>|</c> (with indentation and chomping indicators as needed), a newline, and every line of
    /// <paramref name="content"/> indented two spaces more than its key. The caller has written <c>key: </c> at
    /// <paramref name="keyIndent"/>. Text a literal block cannot carry exactly (trailing blanks, control characters)
    /// goes double-quoted instead.
    /// </summary>
    public static StringBuilder Block(this StringBuilder text, string content, int keyIndent)
    {
        var indent = keyIndent + 2;
        if (!IsBlockSafe(content))
        {
            return text.Scalar(content).Append('\n');
        }

        text.Append('|');
        if (content[0] == ' ' || content[0] == '\n')
        {
            text.Append('2'); // Relative to the key: the first line cannot set the indentation.
        }

        var trailing = 0;
        while (trailing < content.Length && content[content.Length - 1 - trailing] == '\n')
        {
            trailing++;
        }

        text.Append(trailing switch { 0 => "-", 1 => "", _ => "+" }).Append('\n');
        var body = content.AsSpan(0, content.Length - trailing);
        while (true)
        {
            var newline = body.IndexOf('\n');
            var line = newline < 0 ? body : body[..newline];
            if (line.Length > 0)
            {
                text.Append(' ', indent).Append(line);
            }

            text.Append('\n');
            if (newline < 0)
            {
                break;
            }

            body = body[(newline + 1)..];
        }

        for (var i = 1; i < trailing; i++)
        {
            text.Append('\n');
        }

        return text;
    }

    /// <summary>Some text besides newlines, no line ends in a blank (block scalars lose trailing blanks of blank-only lines), no control characters but tab and newline.</summary>
    private static bool IsBlockSafe(string content)
    {
        if (content.AsSpan().TrimStart('\n').IsEmpty)
        {
            return false;
        }

        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if ((c < ' ' && c is not '\n' and not '\t') || c == '\u007f' || (c is ' ' or '\t' && (i + 1 == content.Length || content[i + 1] == '\n')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlainSafe(string value)
    {
        if (value.Length == 0 || Reserved.Contains(value))
        {
            return false;
        }

        var first = value[0];
        if (!(char.IsAsciiLetter(first) || first is '/' or '_'))
        {
            return false; // Digits (numbers, octal, times), indicators and quotes all start differently.
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '.' or '-' or '@' or '+' or '=' or ',' or ':'))
            {
                return false;
            }
        }

        return value[^1] != ':';
    }
}
