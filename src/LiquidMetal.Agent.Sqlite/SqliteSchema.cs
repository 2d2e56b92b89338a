namespace LiquidMetal.Agent.Sqlite;

/// <summary>
/// The store's schema as an ordered list of migrations. The database's <c>PRAGMA user_version</c> is the
/// last migration applied; to change the schema, append a migration, never edit a shipped one.
/// </summary>
internal static class SqliteSchema
{
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, "VMs and the change log", """
            CREATE TABLE vms (
                uid         TEXT    NOT NULL PRIMARY KEY,
                namespace   TEXT    NOT NULL,
                id          TEXT    NOT NULL,
                version     INTEGER NOT NULL,
                spec_json   TEXT    NOT NULL,
                status_json TEXT    NOT NULL,
                created_at  TEXT    NOT NULL,
                updated_at  TEXT    NOT NULL,
                deleted_at  TEXT    NULL,
                UNIQUE (namespace, id)
            );

            -- AUTOINCREMENT: a revision is never reused, even when the newest rows were deleted.
            CREATE TABLE changes (
                revision INTEGER PRIMARY KEY AUTOINCREMENT,
                uid      TEXT NOT NULL,
                type     TEXT NOT NULL CHECK (type IN ('added', 'modified', 'deleted')),
                vm_json  TEXT NOT NULL,
                at       TEXT NOT NULL
            );
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;
}
