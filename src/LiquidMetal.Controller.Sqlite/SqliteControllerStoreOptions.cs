namespace LiquidMetal.Controller.Sqlite;

public sealed class SqliteControllerStoreOptions
{
    /// <summary>The database file; its directory is created. Required.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>How many of the newest events are kept (default 10,000).</summary>
    public int EventRetention { get; set; } = 10_000;

    /// <summary>How long a write waits for a lock held by a checkpoint (default 5 s).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new ArgumentException("SqliteControllerStoreOptions.DatabasePath is required", nameof(DatabasePath));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(EventRetention, 1, nameof(EventRetention));
    }
}
