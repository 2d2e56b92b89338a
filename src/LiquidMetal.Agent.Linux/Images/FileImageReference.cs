namespace LiquidMetal.Agent.Linux.Images;

/// <summary>
/// The syntax of file image references, decided without I/O. A reference is a file reference when:
/// <list type="number">
/// <item>it starts with <c>file://</c> (then <c>file:///abs/path</c> or <c>file://localhost/abs/path</c>, percent-escapes decoded), or</item>
/// <item>it starts with <c>/</c>, <c>./</c> or <c>../</c> (an explicit path), or</item>
/// <item>it contains neither <c>:</c> nor <c>@</c> (no tag, digest, registry port or URI scheme) and, when it has
/// more than one <c>/</c>-separated part, its first part contains no <c>.</c> and is not <c>localhost</c> (not a
/// registry host): <c>vmlinux</c>, <c>kernels/6.1/vmlinux</c>.</item>
/// </list>
/// Everything else (<c>ghcr.io/org/image:tag</c>, <c>ubuntu:24.04</c>, <c>localhost/x</c>, <c>img@sha256:...</c>)
/// is an OCI reference. A file whose name looks like one is still reachable as <c>./name</c> or <c>file:///path</c>.
/// Relative paths are relative to the images directory.
/// </summary>
public static class FileImageReference
{
    public const string Scheme = "file://";

    /// <summary>Whether the reference is a file reference by the rule above (it may still be invalid: see <see cref="Validate"/>).</summary>
    public static bool IsFileReference(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return false;
        }

        if (reference.StartsWith(Scheme, StringComparison.Ordinal) || IsExplicitPath(reference))
        {
            return true;
        }

        if (reference.Contains(':', StringComparison.Ordinal) || reference.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return true;
        }

        var first = reference[..slash];
        return !first.Contains('.', StringComparison.Ordinal) && first != "localhost";
    }

    /// <summary>
    /// Every problem with the reference as a file reference (empty when it is a valid one). Messages are predicates
    /// ("escapes the images directory ...") to follow a field path or "Image reference 'x'".
    /// </summary>
    public static IReadOnlyList<string> Validate(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return ["is required"];
        }

        var errors = new List<string>();
        if (reference.Any(char.IsControl))
        {
            errors.Add("may not contain control characters");
        }

        if (!IsFileReference(reference))
        {
            errors.Add("is not a file reference (it looks like an OCI image reference): use a path under the images directory, ./name, /absolute/path or file:///absolute/path");
            return errors;
        }

        if (TryGetPath(reference, out var path) is { } problem)
        {
            errors.Add(problem);
            return errors;
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add("may not contain NUL characters");
        }
        else if (!path.StartsWith('/') && EscapesLexically(path))
        {
            errors.Add("escapes the images directory ('..' climbs above it)");
        }

        return errors;
    }

    /// <summary>The path a valid file reference names: absolute, or relative to the images directory.</summary>
    /// <exception cref="ArgumentException">The reference is not a valid file reference.</exception>
    public static string ToPath(string reference)
    {
        if (!IsFileReference(reference))
        {
            throw new ArgumentException($"'{reference}' is not a file reference", nameof(reference));
        }

        return TryGetPath(reference, out var path) is { } problem ? throw new ArgumentException(problem, nameof(reference)) : path;
    }

    /// <summary>True when a relative path's '..' parts climb above its starting directory (judged on the text alone).</summary>
    internal static bool EscapesLexically(string relativePath)
    {
        var depth = 0;
        foreach (var part in relativePath.Split('/'))
        {
            if (part == "..")
            {
                if (--depth < 0)
                {
                    return true;
                }
            }
            else if (part is not ("" or "."))
            {
                depth++;
            }
        }

        return false;
    }

    private static bool IsExplicitPath(string reference) =>
        reference.StartsWith('/') || reference.StartsWith("./", StringComparison.Ordinal) || reference.StartsWith("../", StringComparison.Ordinal)
        || reference is "." or "..";

    private static string? TryGetPath(string reference, out string path)
    {
        path = reference;
        if (!reference.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = reference[Scheme.Length..];
        if (rest.StartsWith("localhost/", StringComparison.Ordinal))
        {
            rest = rest["localhost".Length..];
        }

        if (!rest.StartsWith('/'))
        {
            return "is not an absolute file URI: write file:///absolute/path (the host part must be empty or localhost)";
        }

        if (rest.Contains('?', StringComparison.Ordinal) || rest.Contains('#', StringComparison.Ordinal))
        {
            return "has a query or fragment: escape '?' as %3F and '#' as %23";
        }

        path = Uri.UnescapeDataString(rest);
        return null;
    }
}
