using System.Text;

namespace LiquidMetal.Bench.Reporting;

/// <summary>What a scenario prints: markdown sections (tables and notes) and the targets it checked.</summary>
public sealed class ScenarioReport(string title)
{
    private readonly StringBuilder _markdown = new();

    public string Title { get; } = title;
    public List<TargetCheck> Targets { get; } = [];

    public void Add(MarkdownTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _markdown.AppendLine().Append(table);
    }

    public void Note(string text) => _markdown.AppendLine().AppendLine(text);

    public void Check(string benchmark, string target, string measured, bool met) => Targets.Add(new TargetCheck(benchmark, target, measured, met));

    public override string ToString() => $"## {Title}\n{_markdown}";
}
