using System.Globalization;
using System.Runtime.CompilerServices;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// A condition message formatted into the round's scratch buffer (invariant culture) instead of a new string, so
/// that it can be compared with the previous round's message first: <see cref="ToStringOr"/> answers the previous
/// string itself when the text is the same. A no-change round over thousands of machines then formats each message
/// without allocating it. One scratch buffer serves one message at a time: an argument must not format another.
/// </summary>
[InterpolatedStringHandler]
internal ref struct ReusedText
{
    private DefaultInterpolatedStringHandler _text;

    /// <param name="scratch">The buffer the text is formatted into first (a longer text rents a larger one from the pool).</param>
    public ReusedText(int literalLength, int formattedCount, char[] scratch)
    {
        _text = new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.InvariantCulture, scratch);
    }

    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    public void AppendFormatted(string? value) => _text.AppendFormatted(value);

    /// <summary><paramref name="previous"/> when the text equals it, otherwise the text as a new string.</summary>
    public string ToStringOr(string? previous)
    {
        if (previous is not null && _text.Text.SequenceEqual(previous))
        {
            _text.Clear();
            return previous;
        }

        return _text.ToStringAndClear();
    }
}
