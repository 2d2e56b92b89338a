namespace LiquidMetal.Agent.Sqlite;

/// <summary>One step of the schema: applied in its own transaction, then <c>PRAGMA user_version</c> becomes <see cref="Version"/>.</summary>
internal sealed record SchemaMigration(int Version, string Description, string Sql);
