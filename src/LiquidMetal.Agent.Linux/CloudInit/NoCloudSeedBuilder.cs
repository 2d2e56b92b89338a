using System.Diagnostics;
using LiquidMetal.Agent.Linux.Host;
using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Vms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Linux.CloudInit;

/// <summary>
/// Writes a VM's cloud-init NoCloud seed (files from <see cref="NoCloudRenderer"/>) as an ISO9660 disk labelled
/// <c>cidata</c> with Joliet and Rock Ridge names, using genisoimage. The image is built in a temporary file next to
/// the target and renamed over it, so a reader never sees half a disk.
/// </summary>
public sealed partial class NoCloudSeedBuilder : IMetadataSeedBuilder
{
    private readonly NoCloudSeedOptions _options;
    private readonly ILogger<NoCloudSeedBuilder> _logger;

    public NoCloudSeedBuilder(IOptions<NoCloudSeedOptions> options, ILogger<NoCloudSeedBuilder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
    }

    public async Task BuildAsync(string targetPath, MicroVm vm, IReadOnlyList<NicAttachment> nics, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetPath);
        var files = NoCloudRenderer.Render(vm, nics);
        var target = Path.GetFullPath(targetPath);
        var directory = Path.GetDirectoryName(target) ?? throw new ArgumentException("The seed path has no directory", nameof(targetPath));
        Directory.CreateDirectory(directory);

        var stamp = $"{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}";
        var staging = Path.Combine(directory, $".{stamp}.d");
        var temporary = Path.Combine(directory, $".{stamp}.tmp");
        LogBuilding(target, files.Count);
        var watch = Stopwatch.StartNew();
        try
        {
            Directory.CreateDirectory(staging);
            var arguments = new List<string> { "-quiet", "-input-charset", "utf-8", "-volid", "cidata", "-joliet", "-rock", "-o", temporary };
            foreach (var file in files)
            {
                var path = Path.Combine(staging, file.Name);
                await File.WriteAllBytesAsync(path, file.Content, cancellationToken).ConfigureAwait(false);
                arguments.Add(path);
            }

            ProcessResult result;
            try
            {
                result = await ProcessRunner.RunAsync(_options.GenisoimagePath, arguments, cancellationToken).ConfigureAwait(false);
            }
            catch (ToolNotFoundException ex)
            {
                throw new SeedException(
                    $"Cannot build the cloud-init seed: '{_options.GenisoimagePath}' is not installed (Debian package genisoimage) or NoCloudSeedOptions.GenisoimagePath is wrong", ex);
            }

            if (!result.Succeeded)
            {
                throw new SeedException($"genisoimage failed to build the cloud-init seed {target}: {result.Diagnostic}");
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            TryDelete(() => File.Delete(temporary));
            TryDelete(() => Directory.Delete(staging, recursive: true));
        }

        LogBuilt(target, watch.Elapsed.TotalMilliseconds);
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (DirectoryNotFoundException)
        {
            // Never made, or already gone.
        }
        catch (IOException)
        {
            // Best effort: a left-over dot file does not hurt the next build.
        }
    }
}
