namespace LiquidMetal.Core.Validation;

/// <summary>Accumulates errors so a validator reports them all at once.</summary>
internal sealed class ErrorCollector
{
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> Errors => _errors;

    public void Add(string field, string message) => _errors.Add(new ValidationError(field, message));

    public void AddIf(bool condition, string field, string message)
    {
        if (condition)
        {
            Add(field, message);
        }
    }
}
