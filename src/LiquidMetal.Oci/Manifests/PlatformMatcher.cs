using System.Runtime.InteropServices;

namespace LiquidMetal.Oci.Manifests;

/// <summary>Picks the manifest for a platform out of an index (the host's by default: linux + its architecture).</summary>
public static class PlatformMatcher
{
    /// <summary>linux plus this process's architecture in OCI terms (<c>amd64</c>, <c>arm64</c>/<c>v8</c>, <c>arm</c>/<c>v7</c>, ...).</summary>
    public static Platform Host { get; } = ForArchitecture(RuntimeInformation.OSArchitecture);

    public static Platform ForArchitecture(Architecture architecture) => architecture switch
    {
        Architecture.X64 => new Platform("linux", "amd64"),
        Architecture.Arm64 => new Platform("linux", "arm64", "v8"),
        Architecture.Arm or Architecture.Armv6 => new Platform("linux", "arm", architecture == Architecture.Armv6 ? "v6" : "v7"),
        Architecture.X86 => new Platform("linux", "386"),
        Architecture.S390x => new Platform("linux", "s390x"),
        Architecture.Ppc64le => new Platform("linux", "ppc64le"),
        Architecture.RiscV64 => new Platform("linux", "riscv64"),
        Architecture.LoongArch64 => new Platform("linux", "loong64"),
        _ => new Platform("linux", architecture.ToString().ToLowerInvariant()),
    };

    /// <summary>
    /// The first manifest for <paramref name="wanted"/>'s os and architecture whose variant matches (an exact variant
    /// first; a manifest without a variant matches any; arm64's <c>v8</c> equals no variant). Null when none does.
    /// </summary>
    public static Descriptor? Select(ImageIndex index, Platform wanted)
    {
        var candidates = index.Manifests
            .Where(m => m.Platform is { } p && p.Os == wanted.Os && p.Architecture == wanted.Architecture && MediaTypes.IsManifest(m.MediaType))
            .ToList();
        var wantedVariant = NormaliseVariant(wanted);
        return candidates.FirstOrDefault(m => NormaliseVariant(m.Platform!) == wantedVariant)
            ?? candidates.FirstOrDefault(m => NormaliseVariant(m.Platform!) is null || wantedVariant is null);
    }

    private static string? NormaliseVariant(Platform platform) =>
        platform.Architecture == "arm64" && platform.Variant is null or "" or "v8" ? null
        : string.IsNullOrEmpty(platform.Variant) ? null : platform.Variant;
}
