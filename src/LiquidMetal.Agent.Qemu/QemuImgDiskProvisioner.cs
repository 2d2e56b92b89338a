using System.Globalization;
using System.Text;
using System.Text.Json;
using LiquidMetal.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Qemu;

/// <summary>
/// A VM's writable disk as a qcow2 overlay on its base image (raw or qcow2): created in a temporary file with
/// qemu-img and renamed into place, so a crash leaves either no disk or a whole one. The base is never written.
/// </summary>
public sealed partial class QemuImgDiskProvisioner : IDiskProvisioner
{
    private const long MiB = 1024 * 1024;
    private static ReadOnlySpan<byte> Qcow2Magic => [(byte)'Q', (byte)'F', (byte)'I', 0xfb];

    private readonly QemuOptions _options;
    private readonly ILogger<QemuImgDiskProvisioner> _logger;

    public QemuImgDiskProvisioner(IOptions<QemuOptions> options, ILogger<QemuImgDiskProvisioner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Creates <paramref name="targetPath"/> as a qcow2 overlay on <paramref name="basePath"/>, grown to
    /// <paramref name="sizeMiB"/> when that is larger than the base (a disk never shrinks: a smaller size keeps the
    /// base's). Does nothing when the target exists. Returns the target's format.
    /// </summary>
    /// <param name="baseFormat">Known format of a base the caller made (the image cache's raw ext4 volumes): a raw base
    /// then needs no qemu-img at all: its size is its length and the overlay's header is written in-process
    /// (<see cref="Qcow2Overlay"/>). Null: probe with <c>qemu-img info</c>, create with <c>qemu-img create</c>.</param>
    /// <exception cref="ImageException">The base is missing, or is not a plain raw or qcow2 image (a qcow2 base with a
    /// backing or external data file, or another format, could make QEMU open arbitrary host files).</exception>
    /// <exception cref="VmmException"><see cref="VmmErrorCode.DiskProvisioningFailed"/>: qemu-img failed (disk full, ...).</exception>
    public async Task<DiskFormat> EnsureWritableDiskAsync(string basePath, DiskFormat? baseFormat, string targetPath, int? sizeMiB, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(basePath);
        ArgumentException.ThrowIfNullOrEmpty(targetPath);
        var target = Path.GetFullPath(targetPath);
        if (File.Exists(target))
        {
            return DetectFormat(target);
        }

        var baseFull = Path.GetFullPath(basePath);
        if (!File.Exists(baseFull))
        {
            throw new ImageException($"Base image {baseFull} does not exist");
        }

        var info = baseFormat == DiskFormat.Raw
            ? new BaseImageInfo("raw", new FileInfo(baseFull).Length)
            : await InspectAsync(baseFull, cancellationToken).ConfigureAwait(false);
        var size = sizeMiB is { } mib && mib * MiB > info.VirtualSize ? mib * MiB : (long?)null;
        if (sizeMiB is { } requested && size is null && requested * MiB < info.VirtualSize)
        {
            LogNotShrinking(target, requested, info.VirtualSize / MiB);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = $"{target}.tmp-{Guid.NewGuid():N}";
        try
        {
            LogCreating(target, baseFull, info.Format);
            if (baseFormat == DiskFormat.Raw && Encoding.UTF8.GetByteCount(baseFull) <= 1023 && (size ?? info.VirtualSize) <= Qcow2Overlay.MaxVirtualSize)
            {
                // A raw base we were told about: the overlay's header is written here, no qemu-img process.
                Qcow2Overlay.Write(temporary, baseFull, size ?? info.VirtualSize);
                return Publish(temporary, target);
            }

            var argv = new List<string> { _options.QemuImgPath, "create", "-q", "-f", "qcow2", "-F", info.Format, "-b", baseFull, temporary };
            if (size is { } bytes)
            {
                argv.Add(bytes.ToString(CultureInfo.InvariantCulture));
            }

            var result = await RunAsync(argv, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new VmmException(VmmErrorCode.DiskProvisioningFailed,
                    $"qemu-img create for {target} failed: {string.Join(" | ", result.ErrorLines.DefaultIfEmpty("(no message)"))}");
            }

            return Publish(temporary, target);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Renames the finished overlay into place; when another call made it meanwhile, theirs stands.</summary>
    private static DiskFormat Publish(string temporary, string target)
    {
        try
        {
            File.Move(temporary, target, overwrite: false);
            return DiskFormat.Qcow2;
        }
        catch (IOException) when (File.Exists(target))
        {
            return DetectFormat(target);
        }
    }

    /// <summary>qcow2 when the file starts with the qcow2 magic, else raw. Only for files this provisioner made.</summary>
    internal static DiskFormat DetectFormat(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return RandomAccess.Read(file, head, 0) == 4 && head.SequenceEqual(Qcow2Magic) ? DiskFormat.Qcow2 : DiskFormat.Raw;
    }

    private async Task<BaseImageInfo> InspectAsync(string basePath, CancellationToken cancellationToken)
    {
        // -U: the base may be open in running VMs (as a backing file); reading its header needs no lock.
        var result = await RunAsync([_options.QemuImgPath, "info", "-U", "--output=json", basePath], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new ImageException($"qemu-img cannot read base image {basePath}: {string.Join(" | ", result.ErrorLines.DefaultIfEmpty("(no message)"))}");
        }

        try
        {
            using var json = JsonDocument.Parse(result.StandardOutput);
            var root = json.RootElement;
            var format = root.GetProperty("format").GetString();
            var virtualSize = root.GetProperty("virtual-size").GetInt64();
            if (format is not ("raw" or "qcow2"))
            {
                throw new ImageException($"Base image {basePath} is {format}; only raw and qcow2 images can back a VM disk");
            }

            if (root.TryGetProperty("backing-filename", out _))
            {
                throw new ImageException($"Base image {basePath} is a qcow2 overlay itself (it has a backing file); flatten it first (qemu-img convert)");
            }

            if (root.TryGetProperty("format-specific", out var specific) && specific.TryGetProperty("data", out var data)
                && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("data-file", out _))
            {
                throw new ImageException($"Base image {basePath} keeps its data in an external file; flatten it first (qemu-img convert)");
            }

            return new BaseImageInfo(format, virtualSize);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new VmmException(VmmErrorCode.DiskProvisioningFailed, $"qemu-img info gave unexpected output for {basePath}: {ex.Message}", ex);
        }
    }

    private async Task<ToolResult> RunAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        try
        {
            return await ToolRunner.RunAsync(argv, _options.ToolTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new VmmException(VmmErrorCode.DiskProvisioningFailed, ex.Message, ex);
        }
    }
}
