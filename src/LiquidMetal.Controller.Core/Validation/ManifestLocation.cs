using System.Globalization;

namespace LiquidMetal.Controller.Core.Validation;

/// <summary>Where an object was declared: file, document number in it (from 1), and kind/name once known.</summary>
public sealed record ManifestLocation(string File, int Document, string? Kind = null, string? Name = null)
{
    public override string ToString()
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"{File}: document {Document}");
        return Kind is null ? where : $"{where} ({Kind} {Name ?? "<unnamed>"})";
    }
}
