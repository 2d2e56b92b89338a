using System.Text;

namespace LiquidMetal.Cli.Output;

/// <summary>
/// Console bytes to standard output: written as they are when the raw stream is available, otherwise
/// decoded as UTF-8 (keeping characters split across chunks intact) onto the text writer.
/// </summary>
internal sealed class RawOutput(TextWriter text, Stream? raw) : IAsyncDisposable
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private bool _textFlushed;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (raw is not null)
        {
            if (!_textFlushed)
            {
                await text.FlushAsync(cancellationToken);
                _textFlushed = true;
            }

            await raw.WriteAsync(bytes, cancellationToken);
            await raw.FlushAsync(cancellationToken);
            return;
        }

        var chars = new char[_decoder.GetCharCount(bytes.Span, flush: false)];
        var count = _decoder.GetChars(bytes.Span, chars, flush: false);
        await text.WriteAsync(chars.AsMemory(0, count), cancellationToken);
        await text.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (raw is null)
        {
            var chars = new char[_decoder.GetCharCount([], flush: true)];
            var count = _decoder.GetChars([], chars, flush: true);
            await text.WriteAsync(chars.AsMemory(0, count));
            await text.FlushAsync();
        }
    }
}
