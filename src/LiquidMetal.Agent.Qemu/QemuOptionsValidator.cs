using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Qemu;

/// <summary>Checks <see cref="QemuOptions"/> at start-up (register with ValidateOnStart).</summary>
public sealed partial class QemuOptionsValidator : IValidateOptions<QemuOptions>
{
    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex UserNameRegex();

    public ValidateOptionsResult Validate(string? name, QemuOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        CheckBinary(errors, "Qemu:BinaryPath", options.BinaryPath);
        CheckBinary(errors, "Qemu:QemuImgPath", options.QemuImgPath);
        if (options.RunAsUser is { } user && !UserNameRegex().IsMatch(user))
        {
            errors.Add("Qemu:RunAsUser must be a user name (lower-case letters, digits, '_', '-'; at most 32), or unset");
        }

        if (options.TcgTranslationCacheMiB is { } tb && (tb < 1 || tb > 65536))
        {
            errors.Add("Qemu:TcgTranslationCacheMiB must be between 1 and 65536, or unset");
        }

        CheckPositive(errors, "Qemu:StartTimeout", options.StartTimeout);
        CheckPositive(errors, "Qemu:QmpTimeout", options.QmpTimeout);
        CheckPositive(errors, "Qemu:ToolTimeout", options.ToolTimeout);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckBinary(List<string> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Any(char.IsControl) || value.StartsWith('-'))
        {
            errors.Add($"{field} must be a program name or an absolute path");
        }
        else if (value.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(value))
        {
            errors.Add($"{field} must be a bare program name (looked up on PATH) or an absolute path, not a relative path");
        }
    }

    private static void CheckPositive(List<string> errors, string field, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{field} must be positive");
        }
    }
}
