using LiquidMetal.Core.Ports;

namespace LiquidMetal.Core.Reconcile;

/// <summary>The VMM drivers of this host by name, and which one serves VMs that name none.</summary>
public sealed class VmmProviders
{
    private readonly Dictionary<string, IVmmDriver> _byName;

    public VmmProviders(IEnumerable<IVmmDriver> drivers, string defaultName)
    {
        _byName = drivers.ToDictionary(d => d.Name, StringComparer.Ordinal);
        if (!_byName.ContainsKey(defaultName))
        {
            throw new ArgumentException($"Default VMM provider '{defaultName}' is not registered (have: {string.Join(", ", _byName.Keys)})", nameof(defaultName));
        }

        DefaultName = defaultName;
    }

    public string DefaultName { get; }
    public IEnumerable<IVmmDriver> All => _byName.Values;

    public IVmmDriver Default => _byName[DefaultName];

    public bool TryGet(string? name, out IVmmDriver driver)
    {
        driver = string.IsNullOrEmpty(name) ? Default : _byName.GetValueOrDefault(name)!;
        return driver is not null;
    }

    public IVmmDriver For(string? name) =>
        TryGet(name, out var driver) ? driver : throw new InvalidOperationException($"VMM provider '{name}' is not available on this host");
}
