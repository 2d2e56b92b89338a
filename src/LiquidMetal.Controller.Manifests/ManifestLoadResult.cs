using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Validation;

namespace LiquidMetal.Controller.Manifests;

/// <summary>The fleet (only when valid) and every error found across all files.</summary>
public sealed record ManifestLoadResult(Fleet? Fleet, IReadOnlyList<ManifestError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>The fleet, or a <see cref="ManifestException"/> listing every error.</summary>
    public Fleet GetFleetOrThrow() => Fleet ?? throw new ManifestException(Errors);
}
