using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LiquidMetal.Agent.Qemu;

/// <summary>
/// One QMP conversation over QEMU's unix socket: greeting, qmp_capabilities, then commands with ids. Events that
/// arrive meanwhile are collected in <see cref="Events"/>. QEMU serves one QMP client at a time (a second one waits
/// for the first to leave), so keep conversations short: connect, ask, dispose.
/// </summary>
public sealed class QmpClient : IAsyncDisposable, IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly TimeSpan _timeout;
    private readonly List<QmpEvent> _events = [];
    private int _nextId;

    private QmpClient(Socket socket, TimeSpan timeout)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        _timeout = timeout;
    }

    /// <summary>QEMU's version from the greeting, e.g. "7.2.22".</summary>
    public string? QemuVersion { get; private set; }

    /// <summary>Asynchronous events received so far (STOP, RESUME, POWERDOWN, SHUTDOWN, ...), oldest first.</summary>
    public IReadOnlyList<QmpEvent> Events => _events;

    /// <summary>Connects, reads the greeting and leaves capabilities negotiation mode.</summary>
    /// <param name="timeout">Budget for the connection and greeting, and then for each command.</param>
    /// <exception cref="VmmException"><see cref="VmmErrorCode.QmpUnavailable"/>: no socket, nobody listening, no answer in time.</exception>
    public static async Task<QmpClient> ConnectAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        QmpClient? client = null;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                throw new VmmException(VmmErrorCode.QmpUnavailable, $"Cannot connect to QMP at {socketPath}: {ex.Message}", ex);
            }

            client = new QmpClient(socket, timeout);
            var greeting = await client.ReadMessageAsync(socketPath, cts.Token).ConfigureAwait(false);
            client.QemuVersion = ParseVersion(greeting);
            await client.ExecuteAsync("qmp_capabilities", null, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            Dispose(client, socket);
            throw new VmmException(VmmErrorCode.QmpUnavailable, $"QMP at {socketPath} did not answer within {timeout.TotalSeconds:0.#} s", ex);
        }
        catch (IOException ex)
        {
            // QEMU closed the socket before its greeting: it is exiting (e.g. it could not open the kernel).
            Dispose(client, socket);
            throw new VmmException(VmmErrorCode.QmpUnavailable, $"QMP connection at {socketPath} broke before the greeting: {ex.Message}", ex);
        }
        catch
        {
            Dispose(client, socket);
            throw;
        }
    }

    /// <summary>Runs a command and returns its "return" value.</summary>
    /// <exception cref="VmmException"><see cref="VmmErrorCode.QmpCommandFailed"/> for an error answer,
    /// <see cref="VmmErrorCode.QmpUnavailable"/> when the socket closes or nothing comes back in time.</exception>
    public async Task<JsonElement> ExecuteAsync(string command, JsonObject? arguments, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        var id = "lm-" + (++_nextId).ToString(CultureInfo.InvariantCulture);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_timeout);
        try
        {
            await SendAsync(command, arguments, id, cts.Token).ConfigureAwait(false);
            while (true)
            {
                using var message = await ReadMessageAsync(command, cts.Token).ConfigureAwait(false);
                var root = message.RootElement;
                if (!root.TryGetProperty("id", out var replyId) || replyId.ValueKind != JsonValueKind.String || replyId.GetString() != id)
                {
                    continue; // An event (collected by ReadMessageAsync) or a stray reply.
                }

                if (root.TryGetProperty("error", out var error))
                {
                    var errorClass = error.TryGetProperty("class", out var c) ? c.GetString() : null;
                    var desc = error.TryGetProperty("desc", out var d) ? d.GetString() : error.GetRawText();
                    throw new VmmException(VmmErrorCode.QmpCommandFailed, $"QMP {command} failed: {errorClass}: {desc}");
                }

                return root.TryGetProperty("return", out var result) ? result.Clone() : default;
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VmmException(VmmErrorCode.QmpUnavailable, $"QMP {command} got no answer within {_timeout.TotalSeconds:0.#} s", ex);
        }
        catch (IOException ex)
        {
            throw new VmmException(VmmErrorCode.QmpUnavailable, $"QMP connection broke during {command}: {ex.Message}", ex);
        }
    }

    /// <summary>The run state: "running", "paused", "shutdown", "prelaunch", ...</summary>
    public async Task<string> QueryStatusAsync(CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync("query-status", null, cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Object && result.TryGetProperty("status", out var status)
            ? status.GetString() ?? "unknown"
            : "unknown";
    }

    /// <summary>Presses the ACPI power button (the guest decides what to do about it).</summary>
    public Task SystemPowerdownAsync(CancellationToken cancellationToken) =>
        ExecuteAsync("system_powerdown", null, cancellationToken);

    /// <summary>Asks QEMU to exit now. QEMU may close the socket before its answer arrives: that counts as done.</summary>
    public async Task QuitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync("quit", null, cancellationToken).ConfigureAwait(false);
        }
        catch (VmmException ex) when (ex.Code == VmmErrorCode.QmpUnavailable && ex.InnerException is not OperationCanceledException)
        {
            // Closed on its way out.
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
        _socket.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Dispose(QmpClient? client, Socket socket)
    {
        if (client is not null)
        {
            client.Dispose();
        }
        else
        {
            socket.Dispose();
        }
    }

    private async Task SendAsync(string command, JsonObject? arguments, string id, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("execute", command);
            if (arguments is not null)
            {
                writer.WritePropertyName("arguments");
                arguments.WriteTo(writer);
            }

            writer.WriteString("id", id);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        await _stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next message that is not an event; events are parsed into <see cref="Events"/> on the way.</summary>
    private async Task<JsonDocument> ReadMessageAsync(string context, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new VmmException(VmmErrorCode.QmpUnavailable, $"QMP connection closed by QEMU ({context})");
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new VmmException(VmmErrorCode.QmpUnavailable, $"QMP sent something that is not JSON ({context}): {ex.Message}", ex);
            }

            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("event", out var name)
                && name.ValueKind == JsonValueKind.String)
            {
                _events.Add(ToEvent(document.RootElement, name.GetString()!));
                document.Dispose();
                continue;
            }

            return document;
        }
    }

    private static QmpEvent ToEvent(JsonElement root, string name)
    {
        DateTimeOffset? timestamp = null;
        if (root.TryGetProperty("timestamp", out var ts)
            && ts.TryGetProperty("seconds", out var s) && s.TryGetInt64(out var seconds)
            && ts.TryGetProperty("microseconds", out var us) && us.TryGetInt64(out var micros))
        {
            timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10);
        }

        return new QmpEvent(name, root.TryGetProperty("data", out var data) ? data.Clone() : null, timestamp);
    }

    private static string? ParseVersion(JsonDocument greeting)
    {
        using (greeting)
        {
            if (!greeting.RootElement.TryGetProperty("QMP", out var qmp))
            {
                throw new VmmException(VmmErrorCode.QmpUnavailable, "The socket does not speak QMP (no greeting)");
            }

            return qmp.TryGetProperty("version", out var version) && version.TryGetProperty("qemu", out var q)
                && q.TryGetProperty("major", out var major) && q.TryGetProperty("minor", out var minor) && q.TryGetProperty("micro", out var micro)
                ? string.Create(CultureInfo.InvariantCulture, $"{major.GetInt32()}.{minor.GetInt32()}.{micro.GetInt32()}")
                : null;
        }
    }
}
