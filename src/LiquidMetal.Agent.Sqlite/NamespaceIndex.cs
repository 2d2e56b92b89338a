using System.Collections.Immutable;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Agent.Sqlite;

/// <summary>The VMs of one namespace by id; immutable, with its list built once on first read.</summary>
internal sealed class NamespaceIndex
{
    public static readonly NamespaceIndex Empty = new(ImmutableSortedDictionary.Create<string, MicroVm>(StringComparer.Ordinal));

    private IReadOnlyList<MicroVm>? _list;

    private NamespaceIndex(ImmutableSortedDictionary<string, MicroVm> byId)
    {
        ById = byId;
    }

    public ImmutableSortedDictionary<string, MicroVm> ById { get; }

    public bool IsEmpty => ById.IsEmpty;

    /// <summary>The VMs sorted by id. A race builds it twice at worst; both results are equal.</summary>
    public IReadOnlyList<MicroVm> List => _list ??= ById.Values.ToImmutableArray();

    public NamespaceIndex SetItem(MicroVm vm) => new(ById.SetItem(vm.Id, vm));

    public NamespaceIndex Remove(string id) => new(ById.Remove(id));
}
