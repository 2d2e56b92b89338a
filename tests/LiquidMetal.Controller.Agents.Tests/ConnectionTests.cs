using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Agents.Tests;

/// <summary>TLS, token and reachability failures, each mapped to a code the controller can act on.</summary>
[Collection(SharedAgent.Name)]
public sealed class ConnectionTests(IdleAgent agent)
{
    private static readonly HostAgentClientOptions Quick = new() { CallTimeout = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task GetHostInfoAsync_AgentCaAndToken_Succeeds()
    {
        using var client = new GrpcHostAgentClientFactory().Create(new HostAgentEndpoint(agent.Address, agent.CaFile, agent.Token));

        var info = await client.GetHostInfoAsync(CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(info.Hostname));
    }

    [Fact]
    public async Task GetHostInfoAsync_BareHostPort_DialsTls()
    {
        using var client = new GrpcHostAgentClientFactory().Create(new HostAgentEndpoint(agent.Address["https://".Length..], agent.CaFile, agent.Token));

        Assert.True((await client.GetHostInfoAsync(CancellationToken.None)).Cpus > 0);
    }

    [Theory]
    [InlineData("not-the-token")]
    [InlineData(null)]
    public async Task ListMicroVmsAsync_WrongOrNoToken_UnauthenticatedNotTransient(string? token)
    {
        using var client = new GrpcHostAgentClientFactory().Create(new HostAgentEndpoint(agent.Address, agent.CaFile, token));

        var error = await Assert.ThrowsAsync<HostAgentException>(() => client.ListMicroVmsAsync(null, CancellationToken.None));

        Assert.Equal(HostAgentErrorCode.Unauthenticated, error.Code);
        Assert.False(error.IsTransient);
        Assert.Contains("token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(agent.Token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchMicroVmsAsync_WrongToken_UnauthenticatedOnFirstRead()
    {
        using var client = new GrpcHostAgentClientFactory().Create(new HostAgentEndpoint(agent.Address, agent.CaFile, "wrong"));

        var error = await Assert.ThrowsAsync<HostAgentException>(async () =>
        {
            await foreach (var _ in client.WatchMicroVmsAsync(0, CancellationToken.None))
            {
            }
        });

        Assert.Equal(HostAgentErrorCode.Unauthenticated, error.Code);
    }

    [Fact]
    public async Task GetHostInfoAsync_AgentCaNotTrusted_TlsFailedNotTransient()
    {
        using var client = new GrpcHostAgentClientFactory().Create(new HostAgentEndpoint(agent.Address, CaFile: null, agent.Token));

        var error = await Assert.ThrowsAsync<HostAgentException>(() => client.GetHostInfoAsync(CancellationToken.None));

        Assert.Equal(HostAgentErrorCode.TlsFailed, error.Code);
        Assert.False(error.IsTransient);
        Assert.Contains("CA file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHostInfoAsync_NothingListening_UnavailableTransientAtOnce()
    {
        var port = FreePort();
        using var client = new GrpcHostAgentClientFactory(Quick).Create(new HostAgentEndpoint($"127.0.0.1:{port}", agent.CaFile, agent.Token));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<HostAgentException>(() => client.GetHostInfoAsync(CancellationToken.None));

        Assert.Equal(HostAgentErrorCode.Unavailable, error.Code);
        Assert.True(error.IsTransient);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task GetHostInfoAsync_AgentNeverAnswers_TransientWithinDeadline()
    {
        // The kernel accepts the TCP connection into the backlog; nobody ever speaks TLS on it.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var client = new GrpcHostAgentClientFactory(Quick).Create(new HostAgentEndpoint($"https://127.0.0.1:{port}", agent.CaFile, agent.Token));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<HostAgentException>(() => client.GetHostInfoAsync(CancellationToken.None));

        Assert.True(error.IsTransient, error.ToString());
        Assert.Equal(HostAgentErrorCode.DeadlineExceeded, error.Code);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task GetMicroVmAsync_Cancelled_OperationCanceled()
    {
        using var client = new GrpcHostAgentClientFactory().Create(agent.Endpoint);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetMicroVmAsync("01ARZ3NDEKTSV4RRFFQ69G5FAV", cts.Token));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("ftp://127.0.0.1:9090", false)]
    [InlineData("https://127.0.0.1:9090/path", false)]
    [InlineData("https://user:pw@127.0.0.1:9090", false)]
    [InlineData("http://127.0.0.1:9090", false)]
    [InlineData("https://127.0.0.1:9090", true)]
    [InlineData("host\n:9090", false)]
    public void Create_BadAddress_InvalidConfiguration(string address, bool insecure)
    {
        var error = Assert.Throws<HostAgentException>(() => new GrpcHostAgentClientFactory().Create(new HostAgentEndpoint(address, Insecure: insecure)));

        Assert.Equal(HostAgentErrorCode.InvalidConfiguration, error.Code);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void Create_MissingOrEmptyCaFile_InvalidConfigurationNamingFile()
    {
        var empty = Path.GetTempFileName();
        try
        {
            var missing = Assert.Throws<HostAgentException>(() => new GrpcHostAgentClientFactory().Create(new HostAgentEndpoint(agent.Address, "/nonexistent/ca.crt")));
            var blank = Assert.Throws<HostAgentException>(() => new GrpcHostAgentClientFactory().Create(new HostAgentEndpoint(agent.Address, empty)));

            Assert.Equal(HostAgentErrorCode.InvalidConfiguration, missing.Code);
            Assert.Contains("/nonexistent/ca.crt", missing.Message, StringComparison.Ordinal);
            Assert.Equal(HostAgentErrorCode.InvalidConfiguration, blank.Code);
        }
        finally
        {
            File.Delete(empty);
        }
    }

    [Fact]
    public void HostAgentEndpoint_ToString_NeverShowsToken()
    {
        Assert.DoesNotContain("s3cret", new HostAgentEndpoint("https://h:1", "/ca", "s3cret").ToString(), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
