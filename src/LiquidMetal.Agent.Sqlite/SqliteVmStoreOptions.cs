namespace LiquidMetal.Agent.Sqlite;

/// <summary>Configuration of <see cref="SqliteVmStore"/>.</summary>
public sealed class SqliteVmStoreOptions
{
    /// <summary>The SQLite database file; its directory is created when missing. Required.</summary>
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>How many of the newest changes the log keeps for watches to resume from. Default 10,000.</summary>
    public int ChangeLogRetention { get; set; } = 10_000;

    /// <summary>
    /// Live changes buffered per watcher. A watcher that falls this far behind is ended with a
    /// <see cref="LiquidMetal.Core.Storage.RevisionCompactedException"/> so it lists again. Default 4,096.
    /// </summary>
    public int WatchBufferCapacity { get; set; } = 4_096;

    /// <summary>How long SQLite waits for a lock held by another connection. Default 5 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most writes committed together in one transaction (group commit). Default 256.</summary>
    public int MaxWriteBatch { get; set; } = 256;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            errors.Add($"{nameof(DatabasePath)} is required");
        }

        if (ChangeLogRetention < 1)
        {
            errors.Add($"{nameof(ChangeLogRetention)} must be at least 1, was {ChangeLogRetention}");
        }

        if (WatchBufferCapacity < 1)
        {
            errors.Add($"{nameof(WatchBufferCapacity)} must be at least 1, was {WatchBufferCapacity}");
        }

        if (BusyTimeout < TimeSpan.Zero)
        {
            errors.Add($"{nameof(BusyTimeout)} must not be negative, was {BusyTimeout}");
        }

        if (MaxWriteBatch < 1)
        {
            errors.Add($"{nameof(MaxWriteBatch)} must be at least 1, was {MaxWriteBatch}");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid SQLite VM store options: " + string.Join("; ", errors));
        }
    }
}
