using Google.Protobuf;
using Spectre.Console.Rendering;

namespace LiquidMetal.Cli.Output;

/// <summary>Writes a command's result to standard output in the format chosen with <c>-o</c>.</summary>
internal sealed class OutputWriter(OutputFormat format, TextWriter writer, bool isTerminal)
{
    public OutputFormat Format => format;

    /// <summary>
    /// JSON and YAML print <paramref name="message"/> itself (so scripts get the API's own shape); the
    /// table is built only when asked for, from whatever extra data it shows.
    /// </summary>
    public void Write(IMessage message, Func<IRenderable> table)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(table);
        switch (format)
        {
            case OutputFormat.Json:
                writer.WriteLine(JsonRenderer.Render(message));
                break;
            case OutputFormat.Yaml:
                writer.Write(YamlRenderer.Render(message));
                break;
            case OutputFormat.Table when isTerminal:
                ConsoleFactory.Create(writer, isTerminal: true).Write(table());
                break;
            default:
                writer.Write(ConsoleFactory.RenderPlain(table()));
                break;
        }

        writer.Flush();
    }

    /// <summary>Prints <paramref name="message"/> for programs (JSON or YAML) and nothing for people, e.g. before a failure is reported.</summary>
    public void WriteForPrograms(IMessage message)
    {
        if (format != OutputFormat.Table)
        {
            Write(message, () => throw new InvalidOperationException("no table for programs"));
        }
    }
}
