namespace LiquidMetal.Controller.Sqlite;

/// <summary>One versioned step of the schema, applied in its own transaction and recorded in <c>schema_migrations</c>.</summary>
internal sealed record ControllerMigration(int Version, string Description, string Sql);
