namespace LiquidMetal.Agent.Sqlite;

/// <summary>The SQLite VM store's own failures, each with an <see cref="SqliteVmStoreErrorCode"/>.</summary>
public sealed class SqliteVmStoreException : Exception
{
    public SqliteVmStoreException() { }

    public SqliteVmStoreException(string message) : base(message) { }

    public SqliteVmStoreException(string message, Exception inner) : base(message, inner) { }

    public SqliteVmStoreException(SqliteVmStoreErrorCode code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    public SqliteVmStoreErrorCode Code { get; }
}
