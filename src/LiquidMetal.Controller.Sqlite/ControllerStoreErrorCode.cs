namespace LiquidMetal.Controller.Sqlite;

public enum ControllerStoreErrorCode
{
    /// <summary>Another controller has the database open (its lock file is taken).</summary>
    DatabaseInUse = 0,

    /// <summary>The database was written by a newer controller.</summary>
    UnsupportedSchema = 1,

    /// <summary>A stored row cannot be read (the message names it).</summary>
    CorruptRow = 2,

    /// <summary>SQLite failed (disk full, I/O error, ...).</summary>
    StorageFailure = 3,
}
