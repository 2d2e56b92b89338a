namespace LiquidMetal.Agent.Sqlite;

/// <summary>Removes a VM, logging its last state; true when there was one to remove.</summary>
internal sealed class DeleteOperation(string uid) : WriteOperation<bool>
{
    public override void Apply(WriteBatch batch)
    {
        if (!batch.State.ByUid.TryGetValue(uid, out var last))
        {
            SetResult(false);
            return;
        }

        batch.Delete(last);
        SetResult(true);
    }
}
