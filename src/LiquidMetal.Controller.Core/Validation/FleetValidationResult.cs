using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Validation;

/// <summary>The fleet (only when there are no errors) and every error found.</summary>
public sealed record FleetValidationResult(Fleet? Fleet, IReadOnlyList<ManifestError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
