using LiquidMetal.Core.Storage;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Agent.Sqlite;

/// <summary>
/// Writes being committed together in one transaction. Each write gets the next revision and moves the
/// working <see cref="State"/> on; the store publishes that state only after the transaction commits.
/// </summary>
internal sealed class WriteBatch(VmCommands commands, VmStoreState state, DateTimeOffset now)
{
    private readonly List<VmChange> _changes = [];

    /// <summary>The committed state plus this batch's writes so far.</summary>
    public VmStoreState State { get; private set; } = state;

    public DateTimeOffset Now { get; } = now;

    public IReadOnlyList<VmChange> Changes => _changes;

    public void Add(VmDocument document)
    {
        var revision = State.Revision + 1;
        commands.InsertVm(document);
        commands.AppendChange(revision, VmChangeType.Added, document.Vm.Uid, document.VmJson, Now);
        State = State.SetItem(document.Vm, revision);
        _changes.Add(new VmChange(revision, VmChangeType.Added, document.Vm));
    }

    public void Modify(VmDocument document)
    {
        var revision = State.Revision + 1;
        commands.UpdateVm(document);
        commands.AppendChange(revision, VmChangeType.Modified, document.Vm.Uid, document.VmJson, Now);
        State = State.SetItem(document.Vm, revision);
        _changes.Add(new VmChange(revision, VmChangeType.Modified, document.Vm));
    }

    public void Delete(MicroVm last)
    {
        var revision = State.Revision + 1;
        commands.DeleteVm(last.Uid);
        commands.AppendChange(revision, VmChangeType.Deleted, last.Uid, MicroVmJson.Serialize(last), Now);
        State = State.Remove(last.Uid, revision);
        _changes.Add(new VmChange(revision, VmChangeType.Deleted, last));
    }
}
