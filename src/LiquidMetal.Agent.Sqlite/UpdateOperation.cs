using LiquidMetal.Core.Storage;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Agent.Sqlite;

/// <summary>Replaces a VM when its stored version is the one the caller read (optimistic concurrency).</summary>
internal sealed class UpdateOperation(VmDocument document, int expectedVersion) : WriteOperation<MicroVm>
{
    public override void Apply(WriteBatch batch)
    {
        var vm = document.Vm;
        if (!batch.State.ByUid.TryGetValue(vm.Uid, out var stored))
        {
            Fail(new VersionConflictException(
                $"Cannot update VM {vm.Uid} at version {expectedVersion}: it is not stored (stored version: none)"));
            return;
        }

        if (stored.Version != expectedVersion)
        {
            Fail(new VersionConflictException(
                $"Cannot update VM {vm.Uid}: expected version {expectedVersion} but the stored version is {stored.Version}"));
            return;
        }

        if (!string.Equals(stored.Namespace, vm.Namespace, StringComparison.Ordinal)
            || !string.Equals(stored.Id, vm.Id, StringComparison.Ordinal))
        {
            Fail(new SqliteVmStoreException(
                SqliteVmStoreErrorCode.ImmutableIdentity,
                $"Cannot update VM {vm.Uid}: its namespace/id is {stored.Namespace}/{stored.Id}, not {vm.Namespace}/{vm.Id}"));
            return;
        }

        batch.Modify(document);
        SetResult(vm);
    }
}
