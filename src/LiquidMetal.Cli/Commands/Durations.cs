using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LiquidMetal.Cli.Commands;

/// <summary>Durations as Go and kubectl write them: 90s, 5m, 1m30s, 1h, 500ms (a bare number is seconds).</summary>
internal static partial class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var value = text.Trim();
        if (double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var match = GoDuration().Match(value);
        if (!match.Success)
        {
            return false;
        }

        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = UnitSuffix().Match(part.Value).Value;
            var amount = double.Parse(part.Value[..^unit.Length], CultureInfo.InvariantCulture);
            duration += unit switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                _ => TimeSpan.FromMilliseconds(amount),
            };
        }

        return true;
    }

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>A <c>--timeout</c> option: a positive duration (null when not given: use <see cref="DefaultTimeout"/>).</summary>
    public static Option<TimeSpan?> TimeoutOption(string description) => new("--timeout")
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result =>
        {
            var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (TryParse(token, out var duration) && duration > TimeSpan.Zero)
            {
                return duration;
            }

            result.AddError($"--timeout \"{token}\" is not a positive duration such as 90s, 5m or 1h30m");
            return TimeSpan.Zero;
        },
    };

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|h|m|s))+$")]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"(ms|h|m|s)$")]
    private static partial Regex UnitSuffix();
}
