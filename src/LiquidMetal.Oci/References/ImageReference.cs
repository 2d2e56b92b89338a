using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using DigestValue = LiquidMetal.Oci.References.Digest;

namespace LiquidMetal.Oci.References;

/// <summary>
/// A normalised image reference: <c>registry/repository[:tag][@digest]</c>, parsed by the grammar of
/// distribution/reference. The first path part is a registry host when it contains <c>.</c> or <c>:</c>, is
/// <c>localhost</c> or has an uppercase letter; otherwise the registry is <c>docker.io</c>, where a one-part name
/// gets the <c>library/</c> prefix. With neither tag nor digest the tag is <c>latest</c>. Registry hosts are
/// lowercased; repositories must already be lowercase.
/// </summary>
public sealed partial record ImageReference
{
    public const string DockerHub = "docker.io";
    public const string DefaultTag = "latest";
    private const int MaxNameLength = 255;

    private ImageReference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>Registry host with optional port (<c>docker.io</c>, <c>127.0.0.1:5000</c>).</summary>
    public string Registry { get; }

    /// <summary>Repository path inside the registry (<c>library/alpine</c>).</summary>
    public string Repository { get; }

    /// <summary>The tag, or null for a digest-only reference.</summary>
    public string? Tag { get; }

    /// <summary>The digest, when the reference pins one (it wins over the tag when fetching).</summary>
    public Digest? Digest { get; }

    /// <summary>What goes after <c>/manifests/</c>: the digest when pinned, else the tag.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag!;

    /// <summary><c>registry/repository</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    public static ImageReference Parse(string reference) =>
        TryParse(reference, out var parsed, out var errors)
            ? parsed
            : throw new OciException(
                OciErrorCode.InvalidReference,
                $"Image reference '{reference}' is invalid: {string.Join("; ", errors)}. Write it as [registry[:port]/]repository[:tag][@sha256:<64 hex digits>], e.g. ghcr.io/org/kernel:6.1 or 127.0.0.1:5000/node@sha256:...");

    public static bool TryParse([NotNullWhen(true)] string? reference, [NotNullWhen(true)] out ImageReference? parsed) =>
        TryParse(reference, out parsed, out _);

    /// <summary>Parses a reference; on failure <paramref name="errors"/> lists every problem found.</summary>
    public static bool TryParse([NotNullWhen(true)] string? reference, [NotNullWhen(true)] out ImageReference? parsed, out IReadOnlyList<string> errors)
    {
        parsed = null;
        var problems = new List<string>();
        errors = problems;
        if (string.IsNullOrWhiteSpace(reference))
        {
            problems.Add("it is empty");
            return false;
        }

        if (reference.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            problems.Add("it contains whitespace or control characters");
            return false;
        }

        var rest = reference;
        Digest? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (DigestValue.TryParse(rest[(at + 1)..], out var d, out var digestError))
            {
                digest = d;
            }
            else
            {
                problems.Add($"digest: {digestError}");
            }

            rest = rest[..at];
        }

        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var tagColon = rest.IndexOf(':', lastSlash + 1);
        if (tagColon >= 0)
        {
            tag = rest[(tagColon + 1)..];
            rest = rest[..tagColon];
            if (!TagPattern().IsMatch(tag))
            {
                problems.Add($"tag '{tag}' must be 1 to 128 characters of letters, digits, '_', '.' or '-', not starting with '.' or '-'");
            }
        }

        var (registry, repository) = SplitRegistry(rest);
        if (registry.Length == 0 && rest.StartsWith('/'))
        {
            problems.Add("it starts with '/'");
        }
        else if (!HostPattern().IsMatch(registry))
        {
            problems.Add($"registry '{registry}' is not a host name with an optional port");
        }

        ValidateRepository(repository, problems);
        if (registry.Length + 1 + repository.Length > MaxNameLength)
        {
            problems.Add($"name is longer than {MaxNameLength} characters");
        }

        if (problems.Count > 0)
        {
            return false;
        }

        registry = registry.ToLowerInvariant();
        if (registry is "index.docker.io" or "registry-1.docker.io")
        {
            registry = DockerHub;
        }

        if (registry == DockerHub && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = "library/" + repository;
        }

        parsed = new ImageReference(registry, repository, tag ?? (digest is null ? DefaultTag : null), digest);
        return true;
    }

    /// <summary>The same image pinned to <paramref name="digest"/> (the tag kept for display).</summary>
    public ImageReference WithDigest(Digest digest) => new(Registry, Repository, Tag, digest);

    /// <summary>The same repository on another registry/prefix (a mirror): <c>prefix/repository</c>.</summary>
    public ImageReference OnRegistry(string registry, string? repositoryPrefix) =>
        new(registry, string.IsNullOrEmpty(repositoryPrefix) ? Repository : $"{repositoryPrefix.Trim('/')}/{Repository}", Tag, Digest);

    public override string ToString() =>
        $"{Registry}/{Repository}{(Tag is null ? string.Empty : ":" + Tag)}{(Digest is null ? string.Empty : "@" + Digest)}";

    private static (string Registry, string Repository) SplitRegistry(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (DockerHub, name);
        }

        var first = name[..slash];
        var isHost = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal)
            || first == "localhost" || first.Any(char.IsAsciiLetterUpper) || first.Length == 0;
        return isHost ? (first, name[(slash + 1)..]) : (DockerHub, name);
    }

    private static void ValidateRepository(string repository, List<string> problems)
    {
        if (repository.Length == 0)
        {
            problems.Add("repository is empty");
            return;
        }

        if (repository.Any(char.IsAsciiLetterUpper))
        {
            problems.Add($"repository '{repository}' must be lowercase");
            return;
        }

        foreach (var component in repository.Split('/'))
        {
            if (!PathComponentPattern().IsMatch(component))
            {
                problems.Add(component.Length == 0
                    ? $"repository '{repository}' has an empty path component"
                    : $"repository path component '{component}' must be lowercase letters and digits, separated by '.', '_', '__' or dashes");
            }
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathComponentPattern();
}
