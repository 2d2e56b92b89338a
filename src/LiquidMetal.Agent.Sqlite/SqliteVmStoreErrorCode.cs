namespace LiquidMetal.Agent.Sqlite;

/// <summary>Why the SQLite VM store refused to open or to write.</summary>
public enum SqliteVmStoreErrorCode
{
    /// <summary>A stored row cannot be read back (bad JSON, unknown fields or values, mismatched keys).</summary>
    CorruptRecord = 0,

    /// <summary>The database was written by a newer schema than this build knows.</summary>
    UnsupportedSchema = 1,

    /// <summary>Another process (or store instance) has the database open.</summary>
    DatabaseInUse = 2,

    /// <summary>A create reused the uid of a stored VM with a different namespace/id.</summary>
    DuplicateUid = 3,

    /// <summary>An update tried to change a stored VM's namespace or id.</summary>
    ImmutableIdentity = 4,
}
