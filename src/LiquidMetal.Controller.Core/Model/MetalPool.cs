namespace LiquidMetal.Controller.Core.Model;

/// <summary>Bare-metal workers: metal hosts whose labels contain every selector entry.</summary>
public sealed record MetalPool
{
    public required IReadOnlyDictionary<string, string> HostSelector { get; init; }

    public bool Matches(Host host)
    {
        ArgumentNullException.ThrowIfNull(host);
        foreach (var (key, value) in HostSelector)
        {
            if (!host.Labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => "{" + string.Join(", ", HostSelector.Select(kv => $"{kv.Key}: {kv.Value}")) + "}";
}
