using System.Collections.Immutable;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Agent.Sqlite;

/// <summary>
/// An immutable view of every committed VM and the revision of the last committed change. The store
/// swaps a whole new state in after each commit, so a reader holding one sees a consistent picture
/// without locks. Lists are built lazily, once per state (benign races build equal copies).
/// </summary>
internal sealed class VmStoreState
{
    public static readonly VmStoreState Empty = new(
        ImmutableDictionary.Create<string, MicroVm>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, NamespaceIndex>(StringComparer.Ordinal),
        0);

    private IReadOnlyList<MicroVm>? _all;

    private VmStoreState(
        ImmutableDictionary<string, MicroVm> byUid,
        ImmutableSortedDictionary<string, NamespaceIndex> byNamespace,
        long revision)
    {
        ByUid = byUid;
        ByNamespace = byNamespace;
        Revision = revision;
    }

    public ImmutableDictionary<string, MicroVm> ByUid { get; }

    public ImmutableSortedDictionary<string, NamespaceIndex> ByNamespace { get; }

    public long Revision { get; }

    public int Count => ByUid.Count;

    /// <summary>Every VM, sorted by namespace then id.</summary>
    public IReadOnlyList<MicroVm> All => _all ??= BuildAll();

    /// <summary>A state holding <paramref name="vms"/> at <paramref name="revision"/>.</summary>
    public static VmStoreState Create(IEnumerable<MicroVm> vms, long revision)
    {
        var state = Empty.WithRevision(revision);
        foreach (var vm in vms)
        {
            state = state.SetItem(vm, revision);
        }

        return state;
    }

    public MicroVm? Find(string @namespace, string id) =>
        ByNamespace.TryGetValue(@namespace, out var index) && index.ById.TryGetValue(id, out var vm) ? vm : null;

    public VmStoreState SetItem(MicroVm vm, long revision)
    {
        var byNamespace = ByNamespace;
        if (ByUid.TryGetValue(vm.Uid, out var previous)
            && (!string.Equals(previous.Namespace, vm.Namespace, StringComparison.Ordinal)
                || !string.Equals(previous.Id, vm.Id, StringComparison.Ordinal)))
        {
            byNamespace = RemoveFrom(byNamespace, previous);
        }

        var index = byNamespace.TryGetValue(vm.Namespace, out var existing) ? existing : NamespaceIndex.Empty;
        return new VmStoreState(ByUid.SetItem(vm.Uid, vm), byNamespace.SetItem(vm.Namespace, index.SetItem(vm)), revision);
    }

    public VmStoreState Remove(string uid, long revision) =>
        ByUid.TryGetValue(uid, out var previous)
            ? new VmStoreState(ByUid.Remove(uid), RemoveFrom(ByNamespace, previous), revision)
            : WithRevision(revision);

    public VmStoreState WithRevision(long revision) => new(ByUid, ByNamespace, revision);

    private static ImmutableSortedDictionary<string, NamespaceIndex> RemoveFrom(
        ImmutableSortedDictionary<string, NamespaceIndex> byNamespace, MicroVm vm)
    {
        if (!byNamespace.TryGetValue(vm.Namespace, out var index))
        {
            return byNamespace;
        }

        var remaining = index.Remove(vm.Id);
        return remaining.IsEmpty ? byNamespace.Remove(vm.Namespace) : byNamespace.SetItem(vm.Namespace, remaining);
    }

    private ImmutableArray<MicroVm> BuildAll()
    {
        var builder = ImmutableArray.CreateBuilder<MicroVm>(ByUid.Count);
        foreach (var index in ByNamespace.Values)
        {
            builder.AddRange(index.ById.Values);
        }

        return builder.MoveToImmutable();
    }
}
