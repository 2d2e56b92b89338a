namespace LiquidMetal.Cli.Files;

/// <summary>One key and its value in a <see cref="SourceMapping"/>.</summary>
internal sealed record SourceEntry(string Key, SourceLocation KeyLocation, SourceNode Value);
