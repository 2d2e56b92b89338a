namespace LiquidMetal.Controller.Core.Validation;

/// <summary>Collects errors for one manifest document so validators report them all at once.</summary>
internal sealed class ManifestErrors(ManifestLocation location, List<ManifestError> sink)
{
    public void Add(string field, string message) => sink.Add(new ManifestError(location, field, message));

    public void AddIf(bool condition, string field, string message)
    {
        if (condition)
        {
            Add(field, message);
        }
    }

    /// <summary>Adds the problem a <see cref="LiquidMetal.Core.Validation.Syntax"/> rule found, if any.</summary>
    public void Check(string field, string? problem)
    {
        if (problem is not null)
        {
            Add(field, problem);
        }
    }
}
