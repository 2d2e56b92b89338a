namespace LiquidMetal.Controller.Git;

/// <summary>
/// realpath(3) in managed code: resolves every symlink component by component, and ".." against the real
/// parent (never lexically before resolving), so a link cannot smuggle a path outside a root.
/// </summary>
internal static class RealPath
{
    private const int MaxLinks = 40;

    /// <exception cref="FileNotFoundException">A component does not exist.</exception>
    /// <exception cref="IOException">Too many levels of symlinks.</exception>
    public static string Resolve(string path)
    {
        var pending = new Stack<string>(Components(Path.GetFullPath(path)).Reverse());
        var current = "/";
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = current == "/" ? "/" + part : current + "/" + part;
            var info = new FileInfo(next);
            if (info.LinkTarget is not { } target)
            {
                current = info.Exists || Directory.Exists(next)
                    ? next
                    : throw new FileNotFoundException($"{next} does not exist", next);
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"Too many levels of symbolic links at {next}");
            }

            if (target.StartsWith('/'))
            {
                current = "/";
            }

            foreach (var component in Components(target).Reverse())
            {
                pending.Push(component);
            }
        }

        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it (both real paths).</summary>
    public static bool IsInside(string root, string path) =>
        string.Equals(root, path, StringComparison.Ordinal)
        || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private static string[] Components(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
