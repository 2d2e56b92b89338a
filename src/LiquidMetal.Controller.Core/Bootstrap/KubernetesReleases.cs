using System.Globalization;

namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>
/// The Kubernetes releases the controller has bootstrap templates for. A cluster asking for another release is refused at
/// plan time. kubeadm reads v1beta3 up to 1.30 and v1beta4 from 1.31 (where v1beta3 is deprecated); the pause images are
/// the ones each release's kubeadm pins (<c>PauseVersion</c>).
/// </summary>
public static class KubernetesReleases
{
    public static IReadOnlyList<KubernetesRelease> All { get; } =
    [
        new(1, 29, KubeadmApiVersion.V1Beta3, "registry.k8s.io/pause:3.9"),
        new(1, 30, KubeadmApiVersion.V1Beta3, "registry.k8s.io/pause:3.9"),
        new(1, 31, KubeadmApiVersion.V1Beta4, "registry.k8s.io/pause:3.10"),
        new(1, 32, KubeadmApiVersion.V1Beta4, "registry.k8s.io/pause:3.10"),
        new(1, 33, KubeadmApiVersion.V1Beta4, "registry.k8s.io/pause:3.10"),
    ];

    /// <summary>"v1.29 to v1.33", for error messages.</summary>
    public static string SupportedRange => $"{All[0].Name} to {All[^1].Name}";

    /// <summary>The template for a version like <c>v1.30.14</c> (pre-release and build suffixes allowed); null when there is none.</summary>
    public static KubernetesRelease? Find(string? version)
    {
        if (version is null || !version.StartsWith('v'))
        {
            return null;
        }

        var parts = version[1..].Split('.', 3);
        if (parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return null;
        }

        foreach (var release in All)
        {
            if (release.Major == major && release.Minor == minor)
            {
                return release;
            }
        }

        return null;
    }
}
