using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Git;

/// <summary>
/// The repository, branch and sub-path after validation. Hostile strings never reach git as options:
/// nothing may start with '-', control characters are refused, the branch must be a plain ref name and
/// the path must stay inside the repository. Commands also put "--" before these values.
/// </summary>
internal sealed record GitSourceAddress(string Repository, bool IsLocalPath, string Branch, string Path)
{
    private static readonly string[] Schemes = ["file", "https", "http", "ssh", "git"];

    public static GitSourceAddress Parse(GitDesiredStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var (repository, isLocal) = ParseRepository(options.Repository, errors);
        var branch = CheckBranch(options.Branch, errors);
        var path = NormalizePath(options.Path, errors);
        return errors.Count == 0
            ? new GitSourceAddress(repository, isLocal, branch, path)
            : throw new DesiredStateException(DesiredStateErrorCode.InvalidConfiguration,
                "The Git desired-state source is misconfigured: " + string.Join("; ", errors));
    }

    private static (string, bool) ParseRepository(string? value, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add("repository: is required (a local path or a URL)");
            return ("", false);
        }

        if (value.StartsWith('-') || value.Any(char.IsControl))
        {
            errors.Add($"repository \"{Printable(value)}\": may not start with '-' or hold control characters");
            return ("", false);
        }

        var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0)
        {
            var scheme = value[..schemeEnd].ToLowerInvariant();
            if (!Schemes.Contains(scheme, StringComparer.Ordinal))
            {
                errors.Add($"repository \"{value}\": scheme {scheme}:// is not allowed; use file, https, http, ssh or git");
            }

            return (value, false);
        }

        // git's own transports ("ext::cmd", "fd::") and helpers ("foo::url") run programs: never.
        if (value.Contains("::", StringComparison.Ordinal))
        {
            errors.Add($"repository \"{value}\": transport helpers (\"name::\") are not allowed; use a path or a URL");
            return ("", false);
        }

        // scp-like "user@host:path" (a colon before the first slash) is ssh; anything else is a local path.
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (colon > 0 && (slash < 0 || colon < slash))
        {
            return (value, false);
        }

        return (System.IO.Path.GetFullPath(value), true);
    }

    private static string CheckBranch(string? value, List<string> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add("branch: is required");
            return "";
        }

        // A subset of git-check-ref-format: enough to keep the name a plain ref and never an option or a revision expression.
        var bad = value.StartsWith('-') || value.StartsWith('/') || value.EndsWith('/') || value.EndsWith('.')
            || value.EndsWith(".lock", StringComparison.Ordinal) || value.Contains("..", StringComparison.Ordinal)
            || value.Contains("//", StringComparison.Ordinal) || value.Contains("@{", StringComparison.Ordinal) || value == "@"
            || value.Split('/').Any(s => s.StartsWith('.'))
            || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '~' or '^' or ':' or '?' or '*' or '[' or '\\');
        if (bad)
        {
            errors.Add($"branch \"{Printable(value)}\": is not a valid branch name");
        }

        return value;
    }

    private static string NormalizePath(string? value, List<string> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var segments = value.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (value.StartsWith('-') || value.StartsWith('/') || value.Any(char.IsControl) || value.Contains('\\', StringComparison.Ordinal)
            || segments.Any(s => s == ".."))
        {
            errors.Add($"path \"{Printable(value)}\": must be a relative folder inside the repository (no leading '/' or '-', no '..')");
            return "";
        }

        return string.Join('/', segments);
    }

    private static string Printable(string value) =>
        new([.. value.Select(c => char.IsControl(c) ? '?' : c)]);
}
