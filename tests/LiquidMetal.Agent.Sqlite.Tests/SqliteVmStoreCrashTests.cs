using System.Diagnostics;
using LiquidMetal.Core.Vms;
using Xunit.Abstractions;

namespace LiquidMetal.Agent.Sqlite.Tests;

/// <summary>Kills a real writer process (SIGKILL) at random moments and checks every acknowledged write survived.</summary>
public sealed class SqliteVmStoreCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 6;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task OpenAsync_AfterWriterKilledMidWrite_KeepsEveryAcknowledgedWriteOnce()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var created = new HashSet<string>(StringComparer.Ordinal);
        var updated = new Dictionary<string, int>(StringComparer.Ordinal);
        long lastRevision = 0;

        for (var round = 0; round < Rounds; round++)
        {
            // Round 0 may kill the child while it opens and migrates the database; later rounds kill it
            // at a random moment after its first acknowledged write.
            var killMidWrites = round > 0;
            var delay = TimeSpan.FromMilliseconds(random.Next(0, killMidWrites ? 500 : 600));
            var acknowledged = await RunAndKillAsync(killMidWrites, delay);
            var roundCreates = 0;
            foreach (var line in acknowledged)
            {
                var parts = line.Split(' ');
                if (parts is ["C", var uid] && UlidGenerator.IsValid(uid))
                {
                    Assert.True(created.Add(uid), $"uid {uid} acknowledged twice (seed {seed})");
                    roundCreates++;
                }
                else if (parts is ["U", var updatedUid, var version] && UlidGenerator.IsValid(updatedUid) && int.TryParse(version, out var v))
                {
                    updated[updatedUid] = v;
                }
            }

            await using (var store = await TestVms.OpenAsync(_directory.DatabasePath))
            {
                var snapshot = store.Snapshot();
                foreach (var uid in created)
                {
                    var vm = store.Get(uid);
                    Assert.True(vm is not null, $"acknowledged create {uid} lost in round {round} (seed {seed})");
                    Assert.Single(store.List(vm.Namespace, vm.Id));
                }

                foreach (var (uid, version) in updated)
                {
                    Assert.True(store.Get(uid)!.Version >= version, $"acknowledged update {uid} v{version} lost (seed {seed})");
                }

                Assert.True(
                    snapshot.Revision >= lastRevision + roundCreates,
                    $"revision {snapshot.Revision} after round {round} did not move on from {lastRevision} by {roundCreates} (seed {seed})");
                output.WriteLine($"Round {round}: killed after {delay.TotalMilliseconds} ms, {roundCreates} creates acknowledged, revision {snapshot.Revision}, {snapshot.Vms.Count} VMs");
                lastRevision = snapshot.Revision;
            }

            Assert.Equal("ok", TestVms.Text(_directory.DatabasePath, "PRAGMA integrity_check"));
            Assert.Equal(0, TestVms.Scalar(_directory.DatabasePath, "SELECT count(*) FROM (SELECT uid FROM changes WHERE type = 'added' GROUP BY uid HAVING count(*) > 1)"));
            Assert.Equal(
                TestVms.Scalar(_directory.DatabasePath, "SELECT coalesce(max(revision) - min(revision) + 1, 0) FROM changes"),
                TestVms.Scalar(_directory.DatabasePath, "SELECT count(*) FROM changes"));
        }

        Assert.True(created.Count > 0, $"no create was acknowledged in {Rounds} rounds (seed {seed})");
    }

    /// <summary>
    /// Runs the child and SIGKILLs it after the delay, counted from its start or (mid-writes) from its
    /// first acknowledged create; returns the lines it printed.
    /// </summary>
    private async Task<List<string>> RunAndKillAsync(bool killMidWrites, TimeSpan delay)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(CrashWriterProgram).Assembly.Location);
        start.ArgumentList.Add(CrashWriterProgram.Verb);
        start.ArgumentList.Add(_directory.DatabasePath);

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the crash writer");
        try
        {
            var lines = new List<string>();
            var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var readOutput = Task.Run(async () =>
            {
                while (await child.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (lines)
                    {
                        lines.Add(line);
                    }

                    if (line.StartsWith("C ", StringComparison.Ordinal))
                    {
                        firstWrite.TrySetResult();
                    }
                }
            });
            var readErrors = child.StandardError.ReadToEndAsync();

            if (killMidWrites)
            {
                var first = await Task.WhenAny(firstWrite.Task, child.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
                if (first != firstWrite.Task)
                {
                    Assert.Fail($"The crash writer exited before its first write: {await readErrors}");
                }
            }

            await Task.Delay(delay);
            if (child.HasExited)
            {
                Assert.Fail($"The crash writer exited by itself with {child.ExitCode}: {await readErrors}");
            }

            child.Kill(); // SIGKILL on Unix: no finally blocks, no flushes, no dispose.
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await readOutput.WaitAsync(TimeSpan.FromSeconds(30));
            await readErrors.WaitAsync(TimeSpan.FromSeconds(30));

            lock (lines)
            {
                // The last line may have been cut by the kill; a partial one fails the parsing above and is ignored.
                return [.. lines];
            }
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }
    }
}
