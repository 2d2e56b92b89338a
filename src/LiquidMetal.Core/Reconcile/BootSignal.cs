using System.Text.RegularExpressions;

namespace LiquidMetal.Core.Reconcile;

/// <summary>Recognises a booted guest from its console, and quotes the console when it did not boot.</summary>
public sealed class BootSignal(IEnumerable<string> readyPatterns)
{
    private readonly Regex[] _patterns = [.. readyPatterns.Select(p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))];

    public bool IsReady(string console) => _patterns.Any(p => p.IsMatch(console));

    /// <summary>The line that says why a guest died (a kernel panic, an oops), if the console has one.</summary>
    public static string? FatalLine(string console) =>
        Tail(console, int.MaxValue).FirstOrDefault(line =>
            line.Contains("Kernel panic", StringComparison.Ordinal) || line.Contains("BUG: ", StringComparison.Ordinal));

    /// <summary>The last non-empty lines, without control characters, for a failure reason.</summary>
    public static IReadOnlyList<string> Tail(string console, int lines) =>
        [.. console.Replace("\r", "", StringComparison.Ordinal)
            .Split('\n')
            .Select(line => new string([.. line.Where(c => !char.IsControl(c))]).TrimEnd())
            .Where(line => line.Length > 0)
            .TakeLast(lines)];
}
