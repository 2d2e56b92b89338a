using Google.Protobuf;

namespace LiquidMetal.Cli.Output;

/// <summary>
/// Protobuf JSON (lowerCamelCase field names, enum names, 64-bit integers as strings), indented, with
/// fields at their default value included so that e.g. a PENDING state or a zero count is visible.
/// </summary>
internal static class JsonRenderer
{
    private static readonly JsonFormatter Formatter = new(
        JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithIndentation("  "));

    public static string Render(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Formatter.Format(message);
    }
}
