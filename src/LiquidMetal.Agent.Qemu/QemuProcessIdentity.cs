namespace LiquidMetal.Agent.Qemu;

/// <summary>Recognises, from its argv, a QEMU this driver started and the state directory it belongs to.</summary>
internal static class QemuProcessIdentity
{
    /// <summary>
    /// The state directory of a QEMU started by this driver (its -pidfile is STATE/qemu.pid), or null for any
    /// other process. argv[0] must be the configured binary or a qemu-system-* program: a pid recycled by an
    /// unrelated process never matches.
    /// </summary>
    public static string? StateDirectoryOf(IReadOnlyList<string> argv, string binaryPath)
    {
        ArgumentNullException.ThrowIfNull(argv);
        if (argv.Count < 3)
        {
            return null;
        }

        var program = argv[0];
        if (!string.Equals(program, binaryPath, StringComparison.Ordinal)
            && !Path.GetFileName(program).StartsWith("qemu-system-", StringComparison.Ordinal))
        {
            return null;
        }

        for (var i = 1; i < argv.Count - 1; i++)
        {
            if (argv[i] is "-pidfile" or "--pidfile")
            {
                var pidFile = argv[i + 1];
                return Path.IsPathRooted(pidFile) && Path.GetFileName(pidFile) == QemuStateFiles.PidFileName
                    ? Path.GetDirectoryName(pidFile)
                    : null;
            }
        }

        return null;
    }
}
