using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Ports;
using Microsoft.Extensions.Time.Testing;

namespace LiquidMetal.Controller.Core.Tests.Convergence;

public class JoinTokenRegistrationsTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(24);
    private static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    private static readonly WorkloadCluster Alpha = new()
    {
        Name = "alpha",
        KubernetesVersion = "v1.31.4",
        EndpointHost = "10.0.0.100",
        EndpointPort = 6443,
        CaCertificatePem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        CaPrivateKeyPem = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
    };

    private readonly FakeTimeProvider _time = new(Created);
    private readonly FakeBootstrapTokenRegistry _registry = new();

    private JoinTokenRegistrations Create() => new(_registry, _time);

    [Fact]
    public async Task ForJoinAsync_InitTokenStillGood_InitTokenAndNoCall()
    {
        _time.Advance(TimeSpan.FromHours(2));

        var join = await Create().ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);

        Assert.True(join.IsUsable);
        Assert.False(join.Choice.IsFresh);
        Assert.Equal(ClusterJoinToken.Derive(Alpha.CaPrivateKeyPem, "alpha", Ttl).Value, join.Token.Value);
        Assert.Empty(_registry.Calls);
    }

    [Fact]
    public async Task ForJoinAsync_InitTokenExpired_RegistersFreshTokenSecretOnce()
    {
        var registrations = Create();
        _time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(3));

        var first = await registrations.ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(5));
        var second = await registrations.ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);

        Assert.True(first.IsUsable);
        Assert.Equal(2, first.Choice.Window);
        Assert.Equal(first.Token.Value, second.Token.Value);
        Assert.NotEqual(ClusterJoinToken.Derive(Alpha.CaPrivateKeyPem, "alpha", Ttl).Value, first.Token.Value);
        var (cluster, secret) = Assert.Single(_registry.Calls);
        Assert.Same(Alpha, cluster);
        Assert.Equal(first.Token.Value, secret.Token.Value);
        Assert.Equal(Created + TimeSpan.FromDays(3) + Margin, secret.Expires);
        Assert.Equal("bootstrap-token-" + first.Token.Id, secret.Name);
    }

    [Fact]
    public async Task ForJoinAsync_NextWindow_RegistersItsOwnToken()
    {
        var registrations = Create();
        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        var first = await registrations.ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(1));
        var second = await registrations.ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);

        Assert.NotEqual(first.Token.Value, second.Token.Value);
        Assert.Equal([1L, 2L], first.Choice.Window is { } a && second.Choice.Window is { } b ? new[] { a, b } : []);
        Assert.Equal(2, _registry.Calls.Count);
    }

    [Fact]
    public async Task ForJoinAsync_AfterRestart_SameTokenRegisteredAgain()
    {
        _time.Advance(TimeSpan.FromDays(5));
        var before = await Create().ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);

        var after = await Create().ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);

        Assert.Equal(before.Token.Value, after.Token.Value);
        Assert.Equal(2, _registry.Calls.Count);
        Assert.Equal(_registry.Calls[0].Secret.Data, _registry.Calls[1].Secret.Data);
    }

    [Fact]
    public async Task ForJoinAsync_ApiUnreachable_ProblemThenBacksOffThenRecovers()
    {
        var registrations = Create();
        _time.Advance(TimeSpan.FromDays(2));
        _registry.FailWith = new WorkloadApiException(WorkloadApiErrorCode.Unreachable, "https://10.0.0.100:6443 did not answer within 5 s");

        var failed = await registrations.ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);
        var meanwhile = await registrations.ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        var retried = await registrations.ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        var stillWaiting = registrations.IsRetryDue("alpha");
        _time.Advance(TimeSpan.FromSeconds(5));
        _registry.FailWith = null;
        var dueAgain = registrations.IsRetryDue("alpha");
        var recovered = await registrations.ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);

        Assert.False(failed.IsUsable);
        Assert.Contains("did not answer within 5 s", failed.Problem, StringComparison.Ordinal);
        Assert.Contains("control plane is up", failed.Problem, StringComparison.Ordinal);
        Assert.Contains("No VM that joins alpha is created", failed.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain(failed.Token.Secret, failed.Problem, StringComparison.Ordinal);
        Assert.Equal(failed.Problem, meanwhile.Problem);
        Assert.False(retried.IsUsable);
        Assert.False(stillWaiting);
        Assert.True(dueAgain);
        Assert.True(recovered.IsUsable);
        Assert.Null(registrations.ProblemOf("alpha"));
        Assert.Empty(registrations.FailedClusters);
        Assert.Equal(3, _registry.Calls.Count);
    }

    [Fact]
    public async Task ForJoinAsync_ManyFailures_WaitCappedAtMaximum()
    {
        var registrations = new JoinTokenRegistrations(_registry, _time, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));
        _time.Advance(TimeSpan.FromDays(2));
        _registry.FailWith = new WorkloadApiException(WorkloadApiErrorCode.Refused, "500 Internal Server Error");
        for (var i = 0; i < 12; i++)
        {
            await registrations.ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Equal(12, _registry.Calls.Count);
        Assert.True(registrations.IsRetryDue("alpha"));
    }

    [Fact]
    public async Task ForJoinAsync_OtherClusterFailing_DoesNotBlockThisOne()
    {
        var registrations = Create();
        _time.Advance(TimeSpan.FromDays(2));
        _registry.FailWith = new WorkloadApiException(WorkloadApiErrorCode.Unauthorized, "403 Forbidden");
        await registrations.ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);
        _registry.FailWith = null;

        var beta = await registrations.ForJoinAsync(Alpha with { Name = "beta" }, Created, Ttl, Margin, CancellationToken.None);

        Assert.True(beta.IsUsable);
        Assert.Equal(["alpha"], registrations.FailedClusters);
        Assert.Contains("admin certificate", registrations.ProblemOf("alpha"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forget_FailedCluster_NoProblemAndCallsAgain()
    {
        var registrations = Create();
        _time.Advance(TimeSpan.FromDays(2));
        _registry.FailWith = new WorkloadApiException(WorkloadApiErrorCode.Conflict, "another token");
        await registrations.ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);
        _registry.FailWith = null;

        registrations.Forget("alpha");
        var join = await registrations.ForJoinAsync(Alpha, Created, Ttl, Margin, CancellationToken.None);

        Assert.True(join.IsUsable);
        Assert.Equal(2, _registry.Calls.Count);
    }
}
