using System.Net;

namespace LiquidMetal.Hosting.Security;

/// <summary>A server's <c>--listen</c> value: an IP endpoint with a port, or <c>localhost:port</c>.</summary>
public static class ListenEndpoint
{
    /// <param name="setting">Names the setting in the error, e.g. "Agent:Listen".</param>
    /// <param name="defaultPort">The port the error's examples show.</param>
    public static IPEndPoint Parse(string listen, string setting, int defaultPort)
    {
        ArgumentNullException.ThrowIfNull(listen);
        if (IPEndPoint.TryParse(listen, out var endpoint) && endpoint.Port != 0)
        {
            return endpoint;
        }

        var colon = listen.LastIndexOf(':');
        if (colon > 0 && listen[..colon] is "localhost" && int.TryParse(listen[(colon + 1)..], out var port))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        throw new InvalidOperationException($"{setting} '{listen}' is not host:port (e.g. 127.0.0.1:{defaultPort} or [::]:{defaultPort})");
    }
}
