namespace LiquidMetal.Core.Validation;

/// <summary>A request was rejected; carries every error found, not just the first.</summary>
public sealed class ValidationException : Exception
{
    public ValidationException() : this([]) { }
    public ValidationException(string message) : this([new ValidationError("request", message)]) { }
    public ValidationException(string message, Exception inner) : base(message, inner) => Errors = [];

    public ValidationException(IReadOnlyList<ValidationError> errors)
        : base(Describe(errors)) => Errors = errors;

    public IReadOnlyList<ValidationError> Errors { get; }

    private static string Describe(IReadOnlyList<ValidationError> errors) =>
        errors.Count == 0
            ? "invalid request"
            : $"invalid request ({errors.Count} error{(errors.Count == 1 ? "" : "s")}): " + string.Join("; ", errors);
}
