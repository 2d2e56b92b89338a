using System.Net;
using System.Net.Sockets;

namespace LiquidMetal.Oci.Tests.Infrastructure;

public static class Ports
{
    /// <summary>A loopback port free right now (the registry needs a number in its config, it cannot bind :0 and tell us).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
