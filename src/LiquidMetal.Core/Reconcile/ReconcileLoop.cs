using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Storage;
using LiquidMetal.Core.Vms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Core.Reconcile;

/// <summary>
/// Runs the reconcile workers over the VM work queue, and the triggers that feed it: every VM at start,
/// a periodic resync, and a liveness check that notices VMM processes that died behind the agent's back.
/// </summary>
public sealed partial class ReconcileLoop
{
    private readonly WorkQueue<string> _queue;
    private readonly VmReconciler _reconciler;
    private readonly IVmStore _store;
    private readonly VmmProviders _providers;
    private readonly IConsoleLog _console;
    private readonly VmLayout _layout;
    private readonly ReconcilerOptions _options;
    private readonly Backoff _errorBackoff;
    private readonly TimeProvider _time;
    private readonly ILogger<ReconcileLoop> _logger;
    private readonly Dictionary<string, int> _errorCounts = [];

    public ReconcileLoop(
        WorkQueue<string> queue,
        VmReconciler reconciler,
        IVmStore store,
        VmmProviders providers,
        IConsoleLog console,
        VmLayout layout,
        IOptions<ReconcilerOptions> options,
        TimeProvider time,
        ILogger<ReconcileLoop> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _reconciler = reconciler;
        _store = store;
        _providers = providers;
        _console = console;
        _layout = layout;
        _options = options.Value;
        _errorBackoff = new Backoff(_options.BackoffInitial, _options.BackoffMax, Random.Shared.NextDouble);
        _time = time;
        _logger = logger;
    }

    public async Task RunUntilStoppedAsync(CancellationToken cancellationToken)
    {
        EnqueueAll();
        var workers = Enumerable.Range(0, Math.Max(1, _options.Workers)).Select(_ => RunWorkerAsync(cancellationToken));
        var loops = new[] { RunLivenessChecksAsync(cancellationToken), RunResyncAsync(cancellationToken) };
        try
        {
            await Task.WhenAll(workers.Concat(loops)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void EnqueueAll()
    {
        foreach (var vm in _store.Snapshot().Vms)
        {
            _queue.Add(vm.Uid);
        }
    }

    private async Task RunWorkerAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var uid = await _queue.TakeAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await _reconciler.ReconcileAsync(uid, cancellationToken).ConfigureAwait(false);
                ForgetErrors(uid);
                if (result.RequeueAfter is { } delay)
                {
                    _queue.AddAfter(uid, delay);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A step the reconciler does not record on the VM (e.g. the store is unavailable): retry with backoff.
                var delay = _errorBackoff.Delay(CountError(uid));
                LogReconcileError(ex, uid, delay.TotalSeconds);
                _queue.AddAfter(uid, delay);
            }
            finally
            {
                _queue.Done(uid);
            }
        }
    }

    private async Task RunLivenessChecksAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.LivenessInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var vm in _store.Snapshot().Vms)
            {
                if (vm.Status.State != MicroVmState.Created || !_providers.TryGet(vm.Status.Provider, out var driver))
                {
                    continue;
                }

                var directory = _layout.Directory(vm.Uid);
                var running = await driver.FindRunningAsync(directory, cancellationToken).ConfigureAwait(false);
                if (running is null || running.Pid != vm.Status.VmmPid)
                {
                    _queue.Add(vm.Uid);
                }
                else
                {
                    _console.EnforceCap(_layout.ConsoleLog(vm.Uid));
                }
            }
        }
    }

    private async Task RunResyncAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ResyncInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            EnqueueAll();
        }
    }

    private int CountError(string uid)
    {
        lock (_errorCounts)
        {
            var count = _errorCounts.GetValueOrDefault(uid) + 1;
            _errorCounts[uid] = count;
            return count;
        }
    }

    private void ForgetErrors(string uid)
    {
        lock (_errorCounts)
        {
            _errorCounts.Remove(uid);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile of VM {Uid} failed; retrying in {DelaySeconds:0.#}s")]
    private partial void LogReconcileError(Exception exception, string uid, double delaySeconds);
}
