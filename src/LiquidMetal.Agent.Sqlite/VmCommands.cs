using LiquidMetal.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LiquidMetal.Agent.Sqlite;

/// <summary>The writer connection's statements, prepared once and reused for every write.</summary>
internal sealed class VmCommands : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertVm;
    private readonly SqliteCommand _updateVm;
    private readonly SqliteCommand _deleteVm;
    private readonly SqliteCommand _appendChange;
    private readonly SqliteCommand _trimChanges;

    public VmCommands(SqliteConnection connection)
    {
        _connection = connection;
        _insertVm = Create("""
            INSERT INTO vms (uid, namespace, id, version, spec_json, status_json, created_at, updated_at, deleted_at)
            VALUES ($uid, $namespace, $id, $version, $spec_json, $status_json, $created_at, $updated_at, $deleted_at)
            """);
        _updateVm = Create("""
            UPDATE vms
            SET version = $version, spec_json = $spec_json, status_json = $status_json,
                created_at = $created_at, updated_at = $updated_at, deleted_at = $deleted_at
            WHERE uid = $uid AND namespace = $namespace AND id = $id
            """);
        _deleteVm = Create("DELETE FROM vms WHERE uid = $uid");
        _appendChange = Create("""
            INSERT INTO changes (revision, uid, type, vm_json, at) VALUES ($revision, $uid, $type, $vm_json, $at)
            """);
        _trimChanges = Create("DELETE FROM changes WHERE revision <= $up_to");
    }

    /// <summary>Starts a write transaction (BEGIN IMMEDIATE) that every statement joins.</summary>
    public SqliteTransaction Begin()
    {
        var transaction = _connection.BeginTransaction(deferred: false);
        _insertVm.Transaction = transaction;
        _updateVm.Transaction = transaction;
        _deleteVm.Transaction = transaction;
        _appendChange.Transaction = transaction;
        _trimChanges.Transaction = transaction;
        return transaction;
    }

    public void InsertVm(VmDocument document)
    {
        SetVm(_insertVm, document);
        Execute(_insertVm, expectedRows: 1);
    }

    public void UpdateVm(VmDocument document)
    {
        SetVm(_updateVm, document);
        Execute(_updateVm, expectedRows: 1);
    }

    public void DeleteVm(string uid)
    {
        _deleteVm.Parameters["$uid"].Value = uid;
        Execute(_deleteVm, expectedRows: 1);
    }

    public void AppendChange(long revision, VmChangeType type, string uid, string vmJson, DateTimeOffset at)
    {
        var parameters = _appendChange.Parameters;
        parameters["$revision"].Value = revision;
        parameters["$uid"].Value = uid;
        parameters["$type"].Value = VmRecords.FormatChangeType(type);
        parameters["$vm_json"].Value = vmJson;
        parameters["$at"].Value = VmRecords.FormatTime(at);
        Execute(_appendChange, expectedRows: 1);
    }

    /// <summary>Deletes changes up to and including <paramref name="upTo"/>; the log keeps the newer ones.</summary>
    public void TrimChanges(long upTo)
    {
        _trimChanges.Parameters["$up_to"].Value = upTo;
        _trimChanges.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _insertVm.Dispose();
        _updateVm.Dispose();
        _deleteVm.Dispose();
        _appendChange.Dispose();
        _trimChanges.Dispose();
    }

    private static void SetVm(SqliteCommand command, VmDocument document)
    {
        var vm = document.Vm;
        var parameters = command.Parameters;
        parameters["$uid"].Value = vm.Uid;
        parameters["$namespace"].Value = vm.Namespace;
        parameters["$id"].Value = vm.Id;
        parameters["$version"].Value = vm.Version;
        parameters["$spec_json"].Value = document.SpecJson;
        parameters["$status_json"].Value = document.StatusJson;
        parameters["$created_at"].Value = VmRecords.FormatTime(vm.CreatedAt);
        parameters["$updated_at"].Value = VmRecords.FormatTime(vm.UpdatedAt);
        parameters["$deleted_at"].Value = vm.DeletedAt is { } deletedAt ? VmRecords.FormatTime(deletedAt) : DBNull.Value;
    }

    /// <summary>Runs a statement that must touch exactly this many rows: anything else means memory and disk disagree.</summary>
    private static void Execute(SqliteCommand command, int expectedRows)
    {
        var rows = command.ExecuteNonQuery();
        if (rows != expectedRows)
        {
            throw new InvalidOperationException(
                $"Expected {expectedRows} row(s) changed but got {rows}: the database no longer matches the store's memory");
        }
    }

    private SqliteCommand Create(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in ParameterNames(sql))
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        command.Prepare();
        return command;
    }

    private static IEnumerable<string> ParameterNames(string sql)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sql.Length; i++)
        {
            if (sql[i] != '$')
            {
                continue;
            }

            var end = i + 1;
            while (end < sql.Length && (char.IsAsciiLetterOrDigit(sql[end]) || sql[end] == '_'))
            {
                end++;
            }

            if (names.Add(sql[i..end]))
            {
                yield return sql[i..end];
            }
        }
    }
}
