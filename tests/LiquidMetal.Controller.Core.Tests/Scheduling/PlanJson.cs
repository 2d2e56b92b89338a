using System.Text.Json;
using System.Text.Json.Serialization;
using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Controller.Core.Tests.Scheduling;

/// <summary>The stable JSON form of a plan that golden files hold.</summary>
internal static class PlanJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(SchedulePlan plan) => JsonSerializer.Serialize(plan, Options).ReplaceLineEndings("\n") + "\n";
}
