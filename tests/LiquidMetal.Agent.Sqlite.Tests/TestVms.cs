using LiquidMetal.Core.Vms;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Agent.Sqlite.Tests;

/// <summary>VMs, stores and raw database access for the tests.</summary>
internal static class TestVms
{
    private static readonly UlidGenerator Ulids = new(TimeProvider.System);

    public static DateTimeOffset Epoch { get; } = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static MicroVm New(string id, string @namespace = "default", string? uid = null) => new()
    {
        Uid = uid ?? Ulids.Next(),
        Spec = new MicroVmSpec
        {
            Id = id,
            Namespace = @namespace,
            Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["team"] = "metal" },
            Kernel = new KernelSpec { Image = "ghcr.io/liquidmetal-dev/kernel:6.1", Filename = "vmlinux" },
            Interfaces = [new NetworkInterfaceSpec { DeviceId = "eth0", Type = InterfaceType.Tap }],
        },
        CreatedAt = Epoch,
        UpdatedAt = Epoch,
    };

    public static Task<SqliteVmStore> OpenAsync(
        string databasePath,
        TimeProvider? time = null,
        int changeLogRetention = 10_000,
        int watchBufferCapacity = 4_096) =>
        SqliteVmStore.OpenAsync(
            new SqliteVmStoreOptions
            {
                DatabasePath = databasePath,
                ChangeLogRetention = changeLogRetention,
                WatchBufferCapacity = watchBufferCapacity,
            },
            NullLogger<SqliteVmStore>.Instance,
            time ?? TimeProvider.System,
            CancellationToken.None);

    /// <summary>The JSON form, to compare VMs whose maps are compared by reference in record equality.</summary>
    public static string Json(MicroVm vm) => MicroVmJson.Serialize(vm);

    public static long Scalar(string databasePath, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Text(string databasePath, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    public static void Execute(string databasePath, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
