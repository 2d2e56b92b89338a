using System.Text.RegularExpressions;

namespace LiquidMetal.Core.Reconcile;

/// <summary>Recognises a booted guest from its console, and quotes the console when it did not boot.</summary>
public sealed class BootSignal(IEnumerable<string> readyPatterns)
{
    private readonly Regex[] _patterns = [.. readyPatterns.Select(p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))];

    public bool IsReady(string console) => _patterns.Any(p => p.IsMatch(console));

    /// <summary>The last non-empty lines, without control characters, for a failure reason.</summary>
    public static IReadOnlyList<string> Tail(string console, int lines) =>
        [.. console.Replace("\r", "", StringComparison.Ordinal)
            .Split('\n')
            .Select(line => new string([.. line.Where(c => !char.IsControl(c))]).TrimEnd())
            .Where(line => line.Length > 0)
            .TakeLast(lines)];
}
