namespace LiquidMetal.Core.Validation;

/// <summary>One problem with a request, naming the field by its path (e.g. spec.interfaces[1].address).</summary>
public sealed record ValidationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
