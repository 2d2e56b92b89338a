using System.Text.Json;

namespace LiquidMetal.Agent.Linux.Networking;

/// <summary>Parses iproute2's JSON link listing (<c>ip -j -d link show</c>).</summary>
internal static class IpLinkJson
{
    public static IReadOnlyList<IpLink> Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("Expected a JSON array of links");
        }

        var links = new List<IpLink>();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            // Entries without ifname (e.g. address-only records) are not links.
            if (String(element, "ifname") is not { } name || !element.TryGetProperty("ifindex", out var index))
            {
                continue;
            }

            string? kind = null;
            string? mode = null;
            if (element.TryGetProperty("linkinfo", out var info) && info.ValueKind == JsonValueKind.Object)
            {
                kind = String(info, "info_kind");
                if (info.TryGetProperty("info_data", out var data) && data.ValueKind == JsonValueKind.Object)
                {
                    mode = kind == "tun" ? String(data, "type") : String(data, "mode");
                }
            }

            var flags = element.TryGetProperty("flags", out var flagArray) && flagArray.ValueKind == JsonValueKind.Array
                ? flagArray.EnumerateArray().Select(f => f.GetString() ?? string.Empty).ToArray()
                : [];
            links.Add(new IpLink(index.GetInt32(), name, flags, String(element, "master"), String(element, "link"), String(element, "address"), kind, mode));
        }

        return links;
    }

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
