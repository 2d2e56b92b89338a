using Spectre.Console;
using Spectre.Console.Rendering;

namespace LiquidMetal.Cli.Output;

/// <summary>
/// Spectre consoles over the CLI's writers: colours, live status and the terminal's width on a terminal;
/// plain text, no colours and no line wrapping when the output goes to a file, a pipe or a test.
/// </summary>
internal static class ConsoleFactory
{
    /// <summary>Wide enough that a redirected table never wraps.</summary>
    private const int RedirectedWidth = 4096;

    public static IAnsiConsole Create(TextWriter writer, bool isTerminal)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = isTerminal },
        });

        if (!isTerminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }

    /// <summary>
    /// Renders for a file or pipe: no colours, no wrapping, and no trailing spaces (Spectre pads every cell
    /// to its column's width).
    /// </summary>
    public static string RenderPlain(IRenderable renderable)
    {
        ArgumentNullException.ThrowIfNull(renderable);
        using var writer = new StringWriter();
        Create(writer, isTerminal: false).Write(renderable);
        var lines = writer.ToString().ReplaceLineEndings("\n").Split('\n').Select(line => line.TrimEnd());
        return string.Join('\n', lines);
    }
}
