using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Testing;

/// <summary>Image source resolving every reference to a path of the same name under a root.</summary>
public sealed class FakeImageSource(string root) : IImageSource
{
    public HashSet<string> Missing { get; } = new(StringComparer.Ordinal);

    /// <summary>References whose registry is "down": resolving them throws a transient <see cref="ImageException"/>.</summary>
    public HashSet<string> Unreachable { get; } = new(StringComparer.Ordinal);

    public bool CanResolve(string reference) => !reference.Contains(':', StringComparison.Ordinal);

    /// <summary>VMs that released their references, in order.</summary>
    public List<string> Released { get; } = [];

    public Task<ResolvedImage> ResolveAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        var reference = request.Reference;
        if (Missing.Contains(reference))
        {
            throw new ImageException($"image {reference} not found under {root}");
        }

        if (Unreachable.Contains(reference))
        {
            throw new ImageException($"registry for {reference} answered 503") { IsTransient = true };
        }

        var path = Path.Combine(root, reference);
        return Task.FromResult(new ResolvedImage(path, "file://" + path));
    }

    public Task ReleaseAsync(string vmUid, CancellationToken cancellationToken)
    {
        Released.Add(vmUid);
        return Task.CompletedTask;
    }
}

public sealed class FakeDiskProvisioner : IDiskProvisioner
{
    public List<string> Created { get; } = [];

    public Task<DiskFormat> EnsureWritableDiskAsync(string basePath, DiskFormat? baseFormat, string targetPath, int? sizeMiB, CancellationToken cancellationToken)
    {
        if (!File.Exists(targetPath))
        {
            File.WriteAllText(targetPath, basePath);
            Created.Add(targetPath);
        }

        return Task.FromResult(DiskFormat.Qcow2);
    }
}

public sealed class FakeSeedBuilder : IMetadataSeedBuilder
{
    public int Builds { get; private set; }
    public Exception? Failure { get; set; }

    public Task BuildAsync(string targetPath, MicroVm vm, IReadOnlyList<NicAttachment> nics, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
        {
            throw failure;
        }

        Builds++;
        File.WriteAllText(targetPath, vm.Uid);
        return Task.CompletedTask;
    }
}

/// <summary>Console logs as plain files, without a size cap.</summary>
public sealed class FakeConsoleLog : IConsoleLog
{
    public Task<string> ReadTailAsync(string consoleLogPath, int maxBytes, CancellationToken cancellationToken) =>
        ReadCurrentAsync(consoleLogPath, maxBytes, cancellationToken);

    public Task<string> ReadCurrentAsync(string consoleLogPath, int maxBytes, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(consoleLogPath) ? File.ReadAllText(consoleLogPath) : "");

    public void Rotate(string consoleLogPath)
    {
        if (File.Exists(consoleLogPath))
        {
            File.Move(consoleLogPath, consoleLogPath + ".old", overwrite: true);
        }
    }

    public void EnforceCap(string consoleLogPath)
    {
    }
}
