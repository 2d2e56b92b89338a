using System.Diagnostics;

namespace LiquidMetal.Agent.Qemu.Tests.Harness;

/// <summary>
/// The development guest (guest/build.sh): kernel, initramfs that prints the readiness marker and handles the ACPI
/// power button, a small ext4 root, and deliberately broken images. Built once into LM_GUEST_DIR (default
/// /var/cache/liquidmetal/guest) when missing; the build is cached and locked by the script itself.
/// </summary>
public sealed class GuestImages
{
    public const string ReadyMarker = "liquidmetal-ready";

    public GuestImages()
    {
        Directory = Environment.GetEnvironmentVariable("LM_GUEST_DIR") ?? "/var/cache/liquidmetal/guest";
        if (!File.Exists(Kernel) || !File.Exists(Initrd) || !File.Exists(RootFs))
        {
            Build();
        }
    }

    public string Directory { get; }
    public string Kernel => Path.Combine(Directory, "vmlinuz");
    public string Initrd => Path.Combine(Directory, "initrd.img");
    public string RootFs => Path.Combine(Directory, "rootfs.ext4");
    public string BrokenInit => Path.Combine(Directory, "broken-init.img");
    public string BrokenKernel => Path.Combine(Directory, "broken-kernel");

    private void Build()
    {
        var script = Path.Combine(FindRepoRoot(), "guest", "build.sh");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"The development guest is not in {Directory} and {script} does not exist to build it");
        }

        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(Directory);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} {Directory} did not finish within 15 minutes");
        }

        if (process.ExitCode != 0 || !File.Exists(Kernel))
        {
            throw new InvalidOperationException($"{script} {Directory} failed ({process.ExitCode}): {stderr.Result}");
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiquidMetal.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LiquidMetal.slnx not found above " + AppContext.BaseDirectory);
    }
}
