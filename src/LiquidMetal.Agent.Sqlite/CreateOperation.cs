using LiquidMetal.Core.Storage;

namespace LiquidMetal.Agent.Sqlite;

/// <summary>Stores a new VM unless its namespace/id is taken; then reports the stored one.</summary>
internal sealed class CreateOperation(VmDocument document) : WriteOperation<CreateOutcome>
{
    public override void Apply(WriteBatch batch)
    {
        var vm = document.Vm;
        if (batch.State.Find(vm.Namespace, vm.Id) is { } existing)
        {
            SetResult(new CreateOutcome(existing, Created: false));
            return;
        }

        if (batch.State.ByUid.TryGetValue(vm.Uid, out var sameUid))
        {
            Fail(new SqliteVmStoreException(
                SqliteVmStoreErrorCode.DuplicateUid,
                $"Cannot create {vm.Namespace}/{vm.Id}: uid {vm.Uid} already belongs to {sameUid.Namespace}/{sameUid.Id}"));
            return;
        }

        batch.Add(document);
        SetResult(new CreateOutcome(vm, Created: true));
    }
}
