using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace LiquidMetal.Oci.Tests.Infrastructure;

/// <summary>
/// An HTTP proxy in front of a real registry that counts requests per path and injects faults chosen by
/// <see cref="Inject"/> (500s, hangs, bodies that stall). Registry references use <see cref="Host"/>.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Transfer-Encoding", "Connection", "Keep-Alive" };
    private readonly HttpClient _upstream;
    private readonly CancellationTokenSource _stopping = new();
    private KestrelHost? _host;

    private FaultProxy(Uri upstream)
    {
        _upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = upstream, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Decides the fault for a request (method, path); null forwards it untouched.</summary>
    public Func<HttpRequest, Fault?> Inject { get; set; } = _ => null;

    public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    public string Host => _host!.Address.Authority;

    public static async Task<FaultProxy> StartAsync(string upstreamHost)
    {
        var proxy = new FaultProxy(new Uri($"http://{upstreamHost}"));
        proxy._host = await KestrelHost.StartAsync(proxy.HandleAsync);
        return proxy;
    }

    /// <summary>GET requests seen for paths containing <paramref name="fragment"/>.</summary>
    public int Count(string fragment) => Requests.Where(r => r.Key.Contains(fragment, StringComparison.Ordinal)).Sum(r => r.Value);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _upstream.Dispose();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.AddOrUpdate($"{request.Method} {request.Path}", 1, (_, n) => n + 1);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var fault = Inject(request);
        switch (fault)
        {
            case Fault.Status status:
                context.Response.StatusCode = status.Code;
                return;
            case Fault.Hang:
                await Task.Delay(Timeout.Infinite, aborted.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + request.QueryString);
        foreach (var (name, values) in request.Headers)
        {
            if (!HopByHop.Contains(name) && !name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                forward.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            forward.Content = new StreamContent(request.Body);
            foreach (var (name, values) in request.Headers.Where(h => h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)))
            {
                forward.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, aborted.Token);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await using var body = await response.Content.ReadAsStreamAsync(aborted.Token);
        var limit = fault is Fault.StallAfter stall ? stall.Bytes : long.MaxValue;
        var buffer = new byte[64 * 1024];
        long sent = 0;
        try
        {
            while (sent < limit)
            {
                var read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - sent)), aborted.Token);
                if (read == 0)
                {
                    return;
                }

                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), aborted.Token);
                sent += read;
            }

            await context.Response.Body.FlushAsync(aborted.Token);
            await Task.Delay(Timeout.Infinite, aborted.Token);
        }
        catch (OperationCanceledException)
        {
            context.Abort();
        }
    }
}
