using LiquidMetal.Testing.Agent;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Agents.Tests;

[Collection(SharedAgent.Name)]
public sealed class GrpcHostAgentClientTests(IdleAgent agent) : IDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(15);
    private readonly IHostAgentClient _client = new GrpcHostAgentClientFactory().Create(agent.Endpoint);

    [Fact]
    public async Task CreateMicroVmAsync_FullSpec_RoundTripsThroughGetAndList()
    {
        var spec = TestSpecs.Full("roundtrip", "ctl-roundtrip");

        var created = await _client.CreateMicroVmAsync(spec, CancellationToken.None);
        var fetched = await _client.GetMicroVmAsync(created.Uid, CancellationToken.None);
        var listed = await _client.ListMicroVmsAsync("ctl-roundtrip", CancellationToken.None);
        var otherNamespace = await _client.ListMicroVmsAsync("ctl-elsewhere", CancellationToken.None);

        Assert.True(UlidGenerator.IsValid(created.Uid), created.Uid);
        Assert.Equal(1, created.Version);
        Assert.Equal(MicroVmState.Pending, created.Status.State);
        AssertSameSpec(spec, created.Spec);
        Assert.NotNull(fetched);
        AssertSameSpec(spec, fetched.Spec);
        Assert.Equal(created.CreatedAt, fetched.CreatedAt);
        Assert.NotEqual(default, fetched.CreatedAt);
        Assert.Equal(created.Uid, Assert.Single(listed).Uid);
        Assert.Empty(otherNamespace);
    }

    [Fact]
    public async Task CreateMicroVmAsync_Retried_SameVmAndDifferentSpecAlreadyExists()
    {
        var first = await _client.CreateMicroVmAsync(TestSpecs.Small("idem", "ctl-idem"), CancellationToken.None);
        var again = await _client.CreateMicroVmAsync(TestSpecs.Small("idem", "ctl-idem"), CancellationToken.None);
        var error = await Assert.ThrowsAsync<HostAgentException>(() =>
            _client.CreateMicroVmAsync(TestSpecs.Small("idem", "ctl-idem") with { MemoryMiB = 512 }, CancellationToken.None));

        Assert.Equal(first.Uid, again.Uid);
        Assert.Equal(HostAgentErrorCode.AlreadyExists, error.Code);
        Assert.False(error.IsTransient);
        Assert.Single(await _client.ListMicroVmsAsync("ctl-idem", CancellationToken.None));
    }

    [Fact]
    public async Task CreateMicroVmAsync_BadFields_InvalidArgumentQuotingEveryField()
    {
        var spec = TestSpecs.Small("no spaces", "ctl-bad") with { Vcpu = 1000, Kernel = new KernelSpec { Image = "../../etc/passwd" } };

        var error = await Assert.ThrowsAsync<HostAgentException>(() => _client.CreateMicroVmAsync(spec, CancellationToken.None));

        Assert.Equal(HostAgentErrorCode.InvalidArgument, error.Code);
        Assert.False(error.IsTransient);
        Assert.Contains("microvm.id", error.Message, StringComparison.Ordinal);
        Assert.Contains("microvm.vcpu", error.Message, StringComparison.Ordinal);
        Assert.Contains("microvm.kernel.image", error.Message, StringComparison.Ordinal);
        Assert.Contains(agent.Address, error.Message, StringComparison.Ordinal);
        Assert.Empty(await _client.ListMicroVmsAsync("ctl-bad", CancellationToken.None));
    }

    [Fact]
    public async Task DeleteMicroVmAsync_ExistingAndUnknown_MarksDeletingOrReportsAbsent()
    {
        var vm = await _client.CreateMicroVmAsync(TestSpecs.Small("doomed", "ctl-delete"), CancellationToken.None);

        Assert.True(await _client.DeleteMicroVmAsync(vm.Uid, CancellationToken.None));
        var deleting = await _client.GetMicroVmAsync(vm.Uid, CancellationToken.None);
        Assert.True(await _client.DeleteMicroVmAsync(vm.Uid, CancellationToken.None)); // again: still deleting, accepted
        Assert.False(await _client.DeleteMicroVmAsync("01ARZ3NDEKTSV4RRFFQ69G5FAV", CancellationToken.None));

        Assert.Equal(MicroVmState.Deleting, deleting?.Status.State);
        Assert.NotNull(deleting?.DeletedAt);
        Assert.True(deleting.Version > vm.Version);
    }

    [Fact]
    public async Task GetMicroVmAsync_Unknown_Null()
    {
        Assert.Null(await _client.GetMicroVmAsync("01ARZ3NDEKTSV4RRFFQ69G5FAV", CancellationToken.None));
    }

    [Fact]
    public async Task GetMicroVmDetailsAsync_CreatedAndUnknown_DetailsOrNotFound()
    {
        var vm = await _client.CreateMicroVmAsync(TestSpecs.Small("detailed", "ctl-details"), CancellationToken.None);

        var details = await _client.GetMicroVmDetailsAsync(vm.Uid, CancellationToken.None);
        var error = await Assert.ThrowsAsync<HostAgentException>(() => _client.GetMicroVmDetailsAsync("01ARZ3NDEKTSV4RRFFQ69G5FAV", CancellationToken.None));

        Assert.Equal((vm.Uid, "ctl-details", "detailed", MicroVmState.Pending), (details.Uid, details.Namespace, details.Id, details.State));
        Assert.Null(details.Reason);
        Assert.Empty(details.ConsoleTail);
        Assert.Null(details.VmmPid);
        Assert.True(details.Revision > 0);
        Assert.Equal(HostAgentErrorCode.NotFound, error.Code);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHostInfoAsync_AfterCreate_CapacityProvidersAndAllocationFollow()
    {
        var before = await _client.GetHostInfoAsync(CancellationToken.None);
        await _client.CreateMicroVmAsync(TestSpecs.Small("sized", "ctl-hostinfo") with { Vcpu = 2, MemoryMiB = 384 }, CancellationToken.None);
        var after = await _client.GetHostInfoAsync(CancellationToken.None);

        Assert.InRange(after.Cpus, Environment.ProcessorCount, 4096);
        Assert.True(after.MemoryMiB > 0 && after.DiskTotalMiB > 0);
        Assert.True(after.Acceleration is "kvm" or "tcg", after.Acceleration);
        Assert.Equal(HostKvm.Usable && after.Acceleration == "kvm", after.HasKvm);
        Assert.Contains(after.Providers, p => p.Name == "qemu");
        Assert.Equal("qemu", after.DefaultProvider);
        Assert.Equal(before.Allocated with { Vcpus = before.Allocated.Vcpus + 2, MemoryMiB = before.Allocated.MemoryMiB + 384 }, after.Allocated);
        Assert.Equal(new ResourceAllocation(after.Cpus - after.Allocated.Vcpus, after.MemoryMiB - after.Allocated.MemoryMiB), after.Free);
        Assert.Equal(before.VmCount + 1, after.VmCount);
        Assert.NotNull(after.StartedAt);
    }

    [Fact]
    public async Task WatchMicroVmsAsync_FromZeroThenResumed_ListBookmarkChangesAndNothingTwice()
    {
        var existing = await _client.CreateMicroVmAsync(TestSpecs.Small("w-existing", "ctl-watch"), CancellationToken.None);
        long lastSeen;
        MicroVm added;
        MicroVmWatchEvent deleted;
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await using var watch = _client.WatchMicroVmsAsync(0, cts.Token).GetAsyncEnumerator(cts.Token);
            var initial = new List<MicroVmWatchEvent>();
            do
            {
                initial.Add(await NextAsync(watch));
            }
            while (initial[^1].Kind != MicroVmWatchEventKind.Bookmark);

            Assert.All(initial[..^1], e => Assert.Equal(MicroVmWatchEventKind.Added, e.Kind));
            Assert.Contains(initial, e => e.Vm?.Uid == existing.Uid);
            Assert.Null(initial[^1].Vm);
            var bookmark = initial[^1].Revision;

            var created = await _client.CreateMicroVmAsync(TestSpecs.Small("w-new", "ctl-watch"), CancellationToken.None);
            var addedEvent = await NextAsync(watch);
            Assert.Equal((MicroVmWatchEventKind.Added, created.Uid), (addedEvent.Kind, addedEvent.Vm?.Uid));
            Assert.True(addedEvent.Revision > bookmark);
            added = addedEvent.Vm!;

            await _client.DeleteMicroVmAsync(existing.Uid, CancellationToken.None);
            deleted = await NextAsync(watch);
            lastSeen = deleted.Revision;
        }

        // Disconnected: a change happens, then the watch resumes from the last revision it saw.
        var missed = await _client.CreateMicroVmAsync(TestSpecs.Small("w-missed", "ctl-watch"), CancellationToken.None);
        using var resumeCts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var resumed = _client.WatchMicroVmsAsync(lastSeen, resumeCts.Token).GetAsyncEnumerator(resumeCts.Token);
        var first = await NextAsync(resumed);

        Assert.Equal(MicroVmState.Pending, added.Status.State);
        Assert.Equal((MicroVmWatchEventKind.Modified, existing.Uid, MicroVmState.Deleting), (deleted.Kind, deleted.Vm?.Uid, deleted.Vm?.Status.State));
        Assert.Equal((MicroVmWatchEventKind.Added, missed.Uid), (first.Kind, first.Vm?.Uid));
        Assert.True(first.Revision > lastSeen);
    }

    private static async Task<MicroVmWatchEvent> NextAsync(IAsyncEnumerator<MicroVmWatchEvent> watch)
    {
        var next = watch.MoveNextAsync().AsTask();
        var finished = await Task.WhenAny(next, Task.Delay(EventTimeout));
        Assert.True(finished == next, $"No watch event within {EventTimeout}");
        Assert.True(await next);
        return watch.Current;
    }

    private static void AssertSameSpec(MicroVmSpec expected, MicroVmSpec actual) =>
        Assert.Equal(MicroVmJson.Serialize(MicroVmJson.Canonical(expected with { Provider = actual.Provider })), MicroVmJson.Serialize(MicroVmJson.Canonical(actual)));

    public void Dispose() => _client.Dispose();
}
