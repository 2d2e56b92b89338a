using System.Globalization;
using System.Text;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Git;

/// <summary>Parses <c>git cat-file --batch</c> output: "&lt;oid&gt; &lt;type&gt; &lt;size&gt;\n&lt;content&gt;\n" per object.</summary>
internal sealed class CatFileBatchReader(Stream output)
{
    private readonly byte[] _one = new byte[1];

    public async Task<byte[]> ReadBlobAsync(string objectId, CancellationToken cancellationToken)
    {
        var header = await ReadLineAsync(cancellationToken);
        var fields = header.Split(' ');
        if (fields.Length != 3 || fields[0] != objectId || fields[1] != "blob"
            || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new DesiredStateException(DesiredStateErrorCode.FetchFailed, $"git cat-file answered \"{header}\" for blob {objectId}");
        }

        var content = new byte[size];
        await output.ReadExactlyAsync(content, cancellationToken);
        await output.ReadExactlyAsync(_one, cancellationToken); // the '\n' after the content
        return content;
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>(64);
        while (true)
        {
            if (await output.ReadAsync(_one, cancellationToken) == 0)
            {
                throw new EndOfStreamException("git cat-file ended early");
            }

            if (_one[0] == '\n')
            {
                return Encoding.ASCII.GetString([.. line]);
            }

            line.Add(_one[0]);
        }
    }
}
