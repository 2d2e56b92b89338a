namespace LiquidMetal.Controller.Sqlite;

/// <summary>
/// The schema as ordered migrations; <c>schema_migrations</c> lists those applied. To change the schema, append
/// a migration; never edit a shipped one. A migration may use <c>$a</c>, the time it is applied (round-trip text).
/// </summary>
internal static class ControllerSchema
{
    public const string MigrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     INTEGER NOT NULL PRIMARY KEY,
            description TEXT    NOT NULL,
            applied_at  TEXT    NOT NULL
        );
        """;

    public static IReadOnlyList<ControllerMigration> Migrations { get; } =
    [
        new(1, "desired state, machines, hosts, conditions, events", """
            CREATE TABLE desired_state (
                id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                revision   TEXT    NOT NULL,
                origin     TEXT    NOT NULL,
                generation INTEGER NOT NULL,
                applied_at TEXT    NOT NULL
            );
            CREATE TABLE desired_files (
                path    TEXT NOT NULL PRIMARY KEY,
                content TEXT NOT NULL
            );
            CREATE TABLE machines (
                cluster   TEXT    NOT NULL,
                node      TEXT    NOT NULL,
                role      TEXT    NOT NULL CHECK (role IN ('ControlPlane', 'Worker')),
                pool      TEXT    NULL,
                host      TEXT    NOT NULL,
                vm_id     TEXT    NOT NULL,
                spec_hash TEXT    NOT NULL,
                phase     TEXT    NOT NULL CHECK (phase IN ('Creating', 'Created')),
                PRIMARY KEY (cluster, node)
            );
            CREATE TABLE hosts (
                host              TEXT    NOT NULL PRIMARY KEY,
                reachable         INTEGER NOT NULL,
                unreachable_since TEXT    NULL,
                failed_since      TEXT    NULL,
                cpus              INTEGER NULL,
                memory_mib        INTEGER NULL,
                last_seen         TEXT    NULL,
                last_error        TEXT    NULL
            );
            CREATE TABLE conditions (
                kind                TEXT    NOT NULL,
                name                TEXT    NOT NULL,
                type                TEXT    NOT NULL,
                status              TEXT    NOT NULL CHECK (status IN ('True', 'False', 'Unknown')),
                reason              TEXT    NOT NULL,
                message             TEXT    NOT NULL,
                last_transition     TEXT    NOT NULL,
                observed_generation INTEGER NOT NULL,
                position            INTEGER NOT NULL,
                PRIMARY KEY (kind, name, type)
            );
            CREATE TABLE events (
                sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                at       TEXT    NOT NULL,
                kind     TEXT    NOT NULL,
                cluster  TEXT    NULL,
                name     TEXT    NOT NULL,
                severity TEXT    NOT NULL,
                reason   TEXT    NOT NULL,
                message  TEXT    NOT NULL
            );
            CREATE INDEX events_cluster ON events (cluster, sequence);
            """),
        new(2, "cluster PKI (certificates, sealed private keys)", """
            CREATE TABLE cluster_pki (
                cluster             TEXT NOT NULL PRIMARY KEY,
                created_at          TEXT NOT NULL,
                cluster_ca_cert     TEXT NOT NULL,
                cluster_ca_key      BLOB NOT NULL,
                etcd_ca_cert        TEXT NOT NULL,
                etcd_ca_key         BLOB NOT NULL,
                front_proxy_ca_cert TEXT NOT NULL,
                front_proxy_ca_key  BLOB NOT NULL,
                sa_public_key       TEXT NOT NULL,
                sa_private_key      BLOB NOT NULL
            );
            """),
        new(3, "init attempts (machines.initializes), clusters initialized", """
            ALTER TABLE machines ADD COLUMN initializes INTEGER NOT NULL DEFAULT 0 CHECK (initializes IN (0, 1));
            CREATE TABLE clusters_initialized (
                cluster        TEXT NOT NULL PRIMARY KEY,
                initialized_at TEXT NOT NULL
            );
            -- Clusters initialized by the old rule (a control-plane record Created): nothing running is initialized again.
            INSERT INTO clusters_initialized (cluster, initialized_at)
                SELECT DISTINCT cluster, $a FROM machines WHERE role = 'ControlPlane' AND phase = 'Created';
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;
}
