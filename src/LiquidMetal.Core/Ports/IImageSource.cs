namespace LiquidMetal.Core.Ports;

/// <summary>
/// Turns an image reference (a file under the images directory, or an OCI image) into a file on this host that a VM
/// may use. Sources that keep shared artifacts count references per VM; <see cref="ReleaseAsync"/> drops them.
/// </summary>
public interface IImageSource
{
    /// <summary>Whether this source handles references of this form (by syntax alone, without I/O).</summary>
    bool CanResolve(string reference);

    /// <summary>The host file for the request, referenced by the request's VM until <see cref="ReleaseAsync"/>.</summary>
    /// <exception cref="ImageException">Not found, not readable, not reachable now (<see cref="ImageException.IsTransient"/>),
    /// or outside what this source may serve.</exception>
    Task<ResolvedImage> ResolveAsync(ImageRequest request, CancellationToken cancellationToken);

    /// <summary>Drops every reference the VM holds in this source (on VM deletion). Idempotent.</summary>
    Task ReleaseAsync(string vmUid, CancellationToken cancellationToken);
}
