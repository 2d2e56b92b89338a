using LiquidMetal.Testing.Agent;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using LiquidMetal.Agent.IntegrationTests.Harness;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Api.Flintlock.Types;

namespace LiquidMetal.Agent.IntegrationTests;

/// <summary>API semantics over a real agent process, with reconciliation off so no guest boots.</summary>
public sealed class ApiBehaviourTests(ApiBehaviourTests.IdleAgent fixture) : IClassFixture<ApiBehaviourTests.IdleAgent>
{
    private readonly AgentProcess _agent = fixture.Agent;

    /// <summary>One agent for the class; tests use distinct VM names and namespaces.</summary>
    public sealed class IdleAgent : IAsyncLifetime
    {
        private TestNetwork _network = null!;

        public AgentProcess Agent { get; private set; } = null!;

        public string UnixSocket { get; } = Path.Combine(Path.GetTempPath(), $"lm-agent-{Guid.NewGuid():N}.sock");

        public async Task InitializeAsync()
        {
            _network = await TestNetwork.CreateAsync();
            Agent = await AgentProcess.StartAsync(_network, "--reconcile", "false", "--unix-socket", UnixSocket, "--log-format", "json");
        }

        public async Task DisposeAsync()
        {
            await Agent.KillAsync();
            try
            {
                await Agent.DisposeAsync();
            }
            finally
            {
                await _network.DisposeAsync();
                File.Delete(UnixSocket);
            }
        }
    }

    [Fact]
    public async Task CreateMicroVM_BadFields_InvalidArgumentListingEveryFieldAndNothingStored()
    {
        var before = (await _agent.MicroVms.ListMicroVMsAsync(new ListMicroVMsRequest())).Microvm.Count;
        var spec = DevVms.Spec("ok");
        spec.Id = "no spaces allowed";
        spec.Vcpu = 1000;
        spec.Kernel.Image = "../../etc/passwd";
        spec.Kernel.Cmdline["console"] = "ttyS0 init=/bin/sh";
        spec.Interfaces.Add(new NetworkInterface { DeviceId = "eth0", Type = NetworkInterface.Types.IfaceType.Tap, GuestMac = "zz:00", Address = new StaticAddress { Address = "10.0.0.1/99" } });
        spec.Metadata["user-data"] = "%%%";

        var error = await Assert.ThrowsAsync<RpcException>(async () => await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = spec }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        foreach (var field in new[] { "microvm.id", "microvm.vcpu", "microvm.kernel.image", "microvm.kernel.cmdline[\"console\"]", "microvm.interfaces[0].guest_mac", "microvm.interfaces[0].address.address", "microvm.metadata[\"user-data\"]" })
        {
            Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(before, (await _agent.MicroVms.ListMicroVMsAsync(new ListMicroVMsRequest())).Microvm.Count);
    }

    [Fact]
    public async Task CreateMicroVM_Retried_SameVmAndDifferentSpecAlreadyExists()
    {
        var first = (await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("idem") })).Microvm;
        var second = (await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("idem") })).Microvm;
        Assert.Equal(first.Spec.Uid, second.Spec.Uid);
        Assert.Equal(26, first.Spec.Uid.Length);

        var changed = DevVms.Spec("idem");
        changed.MemoryInMb = 512;
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = changed }));
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Single((await _agent.MicroVms.ListMicroVMsAsync(new ListMicroVMsRequest { Namespace = "it", Name = "idem" })).Microvm);
    }

    [Fact]
    public async Task CreateMicroVM_DefaultsAndClientUidIgnored()
    {
        var spec = DevVms.Spec("defaults");
        spec.Namespace = "";
        spec.Vcpu = 0;
        spec.MemoryInMb = 0;
        spec.Uid = "client-chosen";
        var vm = (await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = spec })).Microvm;
        Assert.Equal("default", vm.Spec.Namespace);
        Assert.Equal(2, vm.Spec.Vcpu);
        Assert.Equal(1024, vm.Spec.MemoryInMb);
        Assert.NotEqual("client-chosen", vm.Spec.Uid);
    }

    [Fact]
    public async Task CreateMicroVM_MacvtapWithoutParent_FailedPrecondition()
    {
        var spec = DevVms.Spec("mv");
        spec.Interfaces.Add(new NetworkInterface { DeviceId = "eth0" }); // type omitted = MACVTAP (enum 0)
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = spec }));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("MACVTAP", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListMicroVMs_NamespaceAndNameFilters()
    {
        var a = DevVms.Spec("a");
        var b = DevVms.Spec("b");
        b.Namespace = "other";
        await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = a });
        await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = b });

        Assert.Equal(2, (await _agent.MicroVms.ListMicroVMsAsync(new ListMicroVMsRequest())).Microvm.Count(v => v.Spec.Id is "a" or "b"));
        Assert.Equal(["b"], (await _agent.MicroVms.ListMicroVMsAsync(new ListMicroVMsRequest { Namespace = "other" })).Microvm.Select(v => v.Spec.Id));
        Assert.Equal(["a"], (await _agent.MicroVms.ListMicroVMsAsync(new ListMicroVMsRequest { Namespace = "it", Name = "a" })).Microvm.Select(v => v.Spec.Id));

        using var stream = _agent.MicroVms.ListMicroVMsStream(new ListMicroVMsRequest { Namespace = "other" });
        var streamed = new List<string>();
        await foreach (var message in stream.ResponseStream.ReadAllAsync())
        {
            streamed.Add(message.Microvm.Spec.Id);
        }

        Assert.Equal(["b"], streamed);
    }

    [Fact]
    public async Task WatchMicroVMs_ListThenChangesThenResumeFromRevision()
    {
        var ns = "watch";
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = DevVms.Spec("w1");
        first.Namespace = ns;
        await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = first });

        using var watch = _agent.Host.WatchMicroVMs(new WatchMicroVMsRequest { Namespace = ns }, cancellationToken: cts.Token);
        var events = watch.ResponseStream;
        Assert.True(await events.MoveNext(cts.Token));
        Assert.Equal(MicroVMEvent.Types.EventType.Added, events.Current.Type);
        Assert.True(await events.MoveNext(cts.Token));
        Assert.Equal(MicroVMEvent.Types.EventType.Bookmark, events.Current.Type);
        var bookmark = events.Current.Revision;

        var second = DevVms.Spec("w2");
        second.Namespace = ns;
        var uid2 = (await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = second })).Microvm.Spec.Uid;
        Assert.True(await events.MoveNext(cts.Token));
        Assert.Equal(MicroVMEvent.Types.EventType.Added, events.Current.Type);
        Assert.Equal(uid2, events.Current.Microvm.Spec.Uid);
        Assert.True(events.Current.Revision > bookmark);

        await _agent.MicroVms.DeleteMicroVMAsync(new DeleteMicroVMRequest { Uid = uid2 });
        Assert.True(await events.MoveNext(cts.Token));
        Assert.Equal(MicroVMEvent.Types.EventType.Modified, events.Current.Type);
        Assert.Equal(MicroVMStatus.Types.MicroVMState.Deleting, events.Current.Microvm.Status.State);

        // A new watch resuming from the bookmark replays exactly the two changes after it.
        using var resumed = _agent.Host.WatchMicroVMs(new WatchMicroVMsRequest { Namespace = ns, FromRevision = bookmark }, cancellationToken: cts.Token);
        Assert.True(await resumed.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(MicroVMEvent.Types.EventType.Added, resumed.ResponseStream.Current.Type);
        Assert.True(await resumed.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(MicroVMStatus.Types.MicroVMState.Deleting, resumed.ResponseStream.Current.Microvm.Status.State);
    }

    [Fact]
    public async Task Calls_WithoutOrWithWrongToken_Unauthenticated_HealthOpen()
    {
        var wrong = new LiquidMetal.Api.Flintlock.Services.V1Alpha1.MicroVM.MicroVMClient(_agent.Channel(token: "wrong"));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await wrong.ListMicroVMsAsync(new ListMicroVMsRequest()));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);

        var health = new Health.HealthClient(_agent.Channel(token: "wrong"));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
    }

    [Fact]
    public async Task ServerReflection_ListsEveryServiceAndServesItsFileDescriptor()
    {
        var reflection = new ServerReflection.ServerReflectionClient(_agent.Channel());
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "microvm.services.api.v1alpha1.MicroVM" });
        await call.RequestStream.CompleteAsync();
        var responses = new List<ServerReflectionResponse>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            responses.Add(response);
        }

        var services = responses[0].ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("microvm.services.api.v1alpha1.MicroVM", services);
        Assert.Contains("liquidmetal.agent.v1.HostAgent", services);
        Assert.Contains("grpc.health.v1.Health", services);
        var file = Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(responses[1].FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.Equal("microvm.services.api.v1alpha1", file.Package);
        Assert.Contains(file.Service.Single().Method, m => m.Name == "CreateMicroVM");
    }

    [Fact]
    public async Task Calls_OverUnixSocket_ServedWithTheSameTokenCheck()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(fixture.UnixSocket), ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress("http://localhost", new Grpc.Net.Client.GrpcChannelOptions { HttpHandler = handler });
        var client = new LiquidMetal.Api.Flintlock.Services.V1Alpha1.MicroVM.MicroVMClient(channel);

        var anonymous = await Assert.ThrowsAsync<RpcException>(async () => await client.ListMicroVMsAsync(new ListMicroVMsRequest()));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.NotNull(await client.ListMicroVMsAsync(new ListMicroVMsRequest(), _agent.Auth()));
    }

    [Fact]
    public void Logs_JsonFormat_StructuredLinesWithCategoryAndState()
    {
        var line = _agent.Log.Split('\n').First(l => l.Contains("Starting agent on", StringComparison.Ordinal));
        using var json = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal("LiquidMetal.Agent", json.RootElement.GetProperty("Category").GetString());
        Assert.True(json.RootElement.GetProperty("State").TryGetProperty("StateDirectory", out _));
    }

    [Fact]
    public async Task Calls_ClientNotTrustingAgentCa_TlsFailure()
    {
        var untrusting = new LiquidMetal.Api.Flintlock.Services.V1Alpha1.MicroVM.MicroVMClient(_agent.Channel(trustCa: false));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await untrusting.ListMicroVMsAsync(new ListMicroVMsRequest()));
        Assert.Contains("SSL", error.Status.DebugException?.ToString() ?? error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHostInfo_ReportsCapacityProvidersAndAllocation()
    {
        await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = DevVms.Spec("sized") });
        var info = await _agent.Host.GetHostInfoAsync(new GetHostInfoRequest());

        Assert.Equal(Environment.ProcessorCount, info.Cpus);
        Assert.True(info.MemoryMib > 1024);
        Assert.True(info.DiskTotalMib > 0);
        Assert.Equal(HostKvm.Usable ? "kvm" : "tcg", info.Acceleration);
        var qemu = Assert.Single(info.Providers, p => p.Name == "qemu");
        Assert.True(qemu.Available, qemu.Reason);
        Assert.Contains("macvtap", qemu.Capabilities);
        Assert.True(info.Allocated.MemoryMib >= 256);
        Assert.Equal(info.MemoryMib - info.Allocated.MemoryMib, info.Free.MemoryMib);
    }
}
