namespace LiquidMetal.Agent.Linux.Images;

/// <summary>realpath(3) in managed code: every symlink in every component is followed.</summary>
internal static class RealPath
{
    private const int MaxLinks = 40;

    /// <summary>
    /// The canonical form of <paramref name="absolutePath"/> and whether it exists. Past the first missing component
    /// the rest is normalised on the text alone (so a missing path can still be judged inside or outside a directory).
    /// </summary>
    /// <exception cref="IOException">Too many levels of symbolic links.</exception>
    public static (string Path, bool Exists) Resolve(string absolutePath)
    {
        if (!absolutePath.StartsWith('/'))
        {
            throw new ArgumentException("The path must be absolute", nameof(absolutePath));
        }

        var pending = new Stack<string>(absolutePath.Split('/').Reverse());
        var resolved = new List<string>();
        var links = 0;
        var missing = false;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            if (missing)
            {
                resolved.Add(part);
                continue;
            }

            var candidate = "/" + string.Join('/', resolved.Append(part));
            if (new FileInfo(candidate).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new IOException($"Too many levels of symbolic links resolving {absolutePath}");
                }

                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }

                foreach (var targetPart in target.Split('/').Reverse())
                {
                    pending.Push(targetPart);
                }

                continue;
            }

            missing = !File.Exists(candidate) && !Directory.Exists(candidate);
            resolved.Add(part);
        }

        return ("/" + string.Join('/', resolved), !missing);
    }

    /// <summary>Whether <paramref name="path"/> is inside <paramref name="directory"/> (both canonical), or is it when <paramref name="orSelf"/>.</summary>
    public static bool IsInside(string path, string directory, bool orSelf = false)
    {
        if (orSelf && path == directory)
        {
            return true;
        }

        var prefix = directory.EndsWith('/') ? directory : directory + "/";
        return path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length;
    }
}
