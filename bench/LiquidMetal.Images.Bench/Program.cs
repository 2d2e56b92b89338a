using System.Diagnostics;
using System.Globalization;
using LiquidMetal.Agent.Images;
using LiquidMetal.Agent.Qemu;
using LiquidMetal.Core.Ports;
using LiquidMetal.Images.Bench;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Time to a VM's ready-to-boot disk from a warm image cache, and bytes written per extra VM.
// Usage: LiquidMetal.Images.Bench [--vms N] [--image-mib N] [--content-mib N] [--dir PATH]
// Prints markdown; exit 0 when both targets are met, 1 when one is missed, 2 on a usage error.
var vms = 50;
var imageMiB = 1024;
var contentMiB = 200;
var baseDirectory = "/var/tmp";
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--vms": vms = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--image-mib": imageMiB = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--content-mib": contentMiB = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--dir": baseDirectory = args[i + 1]; break;
        default:
            await Console.Error.WriteLineAsync("usage: LiquidMetal.Images.Bench [--vms N] [--image-mib N] [--content-mib N] [--dir PATH]");
            return 2;
    }
}

var work = Directory.CreateDirectory(Path.Combine(baseDirectory, $"lm-images-bench-{Guid.NewGuid():N}")).FullName;
try
{
    Console.WriteLine("# Image cache benchmark");
    Console.WriteLine();
    Console.WriteLine($"- Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} CPUs; load average {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine($"- Image: synthetic, 2 gzip layers, ~{contentMiB} MiB of files, built as a {imageMiB} MiB ext4 volume; {vms} VMs; work dir {work}");

    var image = SyntheticImage.Write(Path.Combine(work, "blobs"), contentMiB);
    var layerBytes = image.Layers.Sum(l => new FileInfo(l.BlobPath).Length);
    await using var cache = await ImageCache.OpenAsync(new ImageCacheOptions { Directory = Path.Combine(work, "cache") }, NullLogger<ImageCache>.Instance, TimeProvider.System, CancellationToken.None);
    var provisioner = new QemuImgDiskProvisioner(Options.Create(new QemuOptions()), NullLogger<QemuImgDiskProvisioner>.Instance);
    var artifacts = new ImageArtifacts(
        cache,
        new LayerUnpacker(LayerLimits.Default, NullLogger<LayerUnpacker>.Instance),
        new Ext4VolumeBuilder(new Ext4VolumeOptions(), NullLogger<Ext4VolumeBuilder>.Instance),
        new ImageFileExtractor(LayerLimits.Default),
        provisioner);

    // Cold: unpack both layers, mkfs.ext4 -d, commit to the cache.
    var cold = Stopwatch.StartNew();
    var volume = await artifacts.AcquireVolumeAsync("warm-up", image, imageMiB, CancellationToken.None);
    cold.Stop();
    await cache.ReleaseAllAsync("warm-up", CancellationToken.None);

    // Warm: each VM = cache lookup + acquire (a SQLite row) + a qcow2 overlay by qemu-img.
    var total = new List<double>();
    var acquire = new List<double>();
    var overlay = new List<double>();
    var disks = new List<string>();
    var key = ArtifactKey.Volume(image.ManifestDigest, imageMiB);
    var io = new ProcessIo(0, 0);
    var cpuBefore = ProcessCpu.ReadMilliseconds();
    for (var i = 0; i < vms; i++)
    {
        var vmId = $"vm-{i:D3}";
        var target = Path.Combine(work, "vms", vmId, "root.qcow2");
        // The measured call: what the agent does for a VM's root volume.
        var ioBefore = ProcessIo.Read();
        var started = Stopwatch.GetTimestamp();
        var disk = await artifacts.PrepareWritableDiskAsync(vmId, image, imageMiB, target, CancellationToken.None);
        total.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        io += ProcessIo.Read() - ioBefore;
        if (disk.Base.Path != volume.Path)
        {
            throw new InvalidOperationException("the warm path rebuilt the base");
        }

        // Its parts, timed apart: the cache's share (lookup + reference, idempotent) and the overlay's (qemu-img).
        started = Stopwatch.GetTimestamp();
        await cache.AcquireAsync(vmId, key, CancellationToken.None);
        acquire.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        started = Stopwatch.GetTimestamp();
        await provisioner.EnsureWritableDiskAsync(volume.Path, DiskFormat.Raw, target + ".extra", imageMiB, CancellationToken.None);
        overlay.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        File.Delete(target + ".extra");
        disks.Add(disk.Path);
    }

    var cpuPerVm = (ProcessCpu.ReadMilliseconds() - cpuBefore) / vms / 2; // each loop made two overlays
    long overlayAllocated = 0;
    foreach (var disk in disks)
    {
        var blocks = await RunAsync("stat", "-c", "%b", disk);
        overlayAllocated += long.Parse(blocks, CultureInfo.InvariantCulture) * 512;
    }

    var baseAllocated = long.Parse(await RunAsync("stat", "-c", "%b", volume.Path), CultureInfo.InvariantCulture) * 512;
    var imageBytes = (double)imageMiB * 1024 * 1024;
    var t = Percentiles.Of(total);
    var a = Percentiles.Of(acquire);
    var o = Percentiles.Of(overlay);
    double PerVm(long bytes) => (double)bytes / vms;
    double Percent(double bytes) => bytes / imageBytes * 100;

    Console.WriteLine($"- Layers: {layerBytes / 1048576.0:0.0} MiB compressed; base volume {imageMiB} MiB, {baseAllocated / 1048576.0:0.0} MiB allocated (sparse)");
    Console.WriteLine();
    Console.WriteLine("| measure | value | target |");
    Console.WriteLine("|---|---|---|");
    Console.WriteLine($"| cold build (unpack + mkfs.ext4 -d + commit), once per image and size | {cold.Elapsed.TotalSeconds:0.00} s | - |");
    Console.WriteLine($"| ready-to-boot disk from warm cache, p50 / p99 / max (n={vms}) | {t.P50:0.0} / {t.P99:0.0} / {t.Max:0.0} ms | p99 < 100 ms |");
    Console.WriteLine($"| CPU time per ready-to-boot disk (agent + qemu-img children, /proc/self/stat) | {cpuPerVm:0.0} ms | - |");
    Console.WriteLine($"| its cache lookup + acquire alone, p50 / p99 | {a.P50:0.00} / {a.P99:0.00} ms | - |");
    Console.WriteLine($"| its qcow2 overlay alone (header written in-process on the raw base, fsync, rename; no qemu-img), p50 / p99 | {o.P50:0.0} / {o.P99:0.0} ms | - |");
    Console.WriteLine($"| overlay allocated per VM (stat %b × 512) | {PerVm(overlayAllocated) / 1024:0.0} KiB = {Percent(PerVm(overlayAllocated)):0.000} % of image | < 1 % |");
    Console.WriteLine($"| disk writes per VM (/proc/self/io write_bytes, incl. qemu-img children) | {PerVm(io.WriteBytes) / 1024:0.0} KiB = {Percent(PerVm(io.WriteBytes)):0.000} % of image | < 1 % |");
    Console.WriteLine($"| write() bytes per VM (/proc/self/io wchar) | {PerVm(io.WriteCalls) / 1024:0.0} KiB = {Percent(PerVm(io.WriteCalls)):0.000} % of image | - |");

    var met = t.P99 < 100 && Percent(PerVm(overlayAllocated)) < 1 && Percent(PerVm(io.WriteBytes)) < 1;
    Console.WriteLine();
    Console.WriteLine(met ? "All targets met." : "A target was missed.");

    foreach (var vm in Enumerable.Range(0, vms))
    {
        await cache.ReleaseAllAsync($"vm-{vm:D3}", CancellationToken.None);
    }

    Directory.Delete(Path.Combine(work, "vms"), recursive: true);
    var pruned = await cache.PruneAsync(0, CancellationToken.None);
    Console.WriteLine($"After releasing every VM, prune freed {pruned.FreedBytes / 1048576.0:0.0} MiB ({pruned.Removed.Count} artifact).");
    return met ? 0 : 1;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static async Task<string> RunAsync(string file, params string[] arguments)
{
    var info = new ProcessStartInfo(file) { RedirectStandardOutput = true };
    foreach (var argument in arguments)
    {
        info.ArgumentList.Add(argument);
    }

    using var process = Process.Start(info)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    return output.Trim();
}
