using LiquidMetal.Core.Ports;
using LiquidMetal.Oci;
using LiquidMetal.Oci.References;

namespace LiquidMetal.Agent.Images;

/// <summary>
/// Kernels, initrds and volumes from OCI images (<c>registry/repo:tag</c>, <c>repo@sha256:...</c>): a file out of the
/// image, or its ext4 volume built once per (digest, size) in the shared cache, referenced by the VM until
/// <see cref="ReleaseAsync"/>. Register it after the file source: anything that parses as an OCI reference is
/// handled here, so plain names must reach the file source first.
/// </summary>
public sealed class OciImageSource(OciImageStore store) : IImageSource
{
    public bool CanResolve(string reference) => ImageReference.TryParse(reference, out _);

    public async Task<ResolvedImage> ResolveAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var what = Describe(request);
        if (request.Use != ImageUse.Volume && string.IsNullOrEmpty(request.Filename))
        {
            throw new ImageException($"{what}: a {Name(request.Use)} from an OCI image needs a filename (the path of the file inside the image, e.g. boot/vmlinuz)");
        }

        try
        {
            var (image, artifact) = await store.AcquireAsync(
                request.VmUid, request.Reference, request.Use == ImageUse.Volume ? null : request.Filename, request.SizeMiB ?? 0, cancellationToken).ConfigureAwait(false);
            return new ResolvedImage(artifact.Path, image.Reference.ToString(), request.Use == ImageUse.Volume ? DiskFormat.Raw : null);
        }
        catch (OciException ex)
        {
            throw new ImageException($"{what}: {ex.Message}", ex) { IsTransient = ex.IsTransient };
        }
        catch (ImagesException ex)
        {
            throw new ImageException($"{what}: {ex.Message}", ex) { IsTransient = !ex.IsPermanent };
        }
    }

    public Task ReleaseAsync(string vmUid, CancellationToken cancellationToken) => store.Cache.ReleaseAllAsync(vmUid, cancellationToken);

    private static string Describe(ImageRequest request) => request.Use == ImageUse.Volume
        ? $"Volume image '{request.Reference}'"
        : $"{char.ToUpperInvariant(Name(request.Use)[0])}{Name(request.Use)[1..]} image '{request.Reference}' (file '{request.Filename}')";

    private static string Name(ImageUse use) => use switch
    {
        ImageUse.Kernel => "kernel",
        ImageUse.Initrd => "initrd",
        _ => "volume",
    };
}
