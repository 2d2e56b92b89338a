using System.Collections.Concurrent;
using System.Collections.Immutable;
using LiquidMetal.Core.Storage;
using LiquidMetal.Core.Vms;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Agent.Sqlite;

/// <summary>
/// <see cref="IVmStore"/> on a SQLite file (WAL, synchronous=FULL). Writes go through one writer thread
/// that commits whatever is queued in one transaction (group commit) and only then publishes a new
/// immutable <see cref="VmStoreState"/>; reads use the published state and never touch SQLite or a lock.
/// The process owning the database holds <c>&lt;database&gt;.lock</c>; open with <see cref="OpenAsync"/>.
/// </summary>
public sealed partial class SqliteVmStore : IVmStore, IAsyncDisposable
{
    private readonly SqliteVmStoreOptions _options;
    private readonly ILogger<SqliteVmStore> _logger;
    private readonly TimeProvider _time;
    private readonly string _databasePath;
    private readonly FileStream _lockFile;
    private readonly SqliteConnection _connection;
    private readonly VmCommands _commands;
    private readonly string _readConnectionString;
    private readonly WalCheckpointer _checkpointer;
    private readonly BlockingCollection<WriteOperation> _queue = [];
    private readonly List<WriteOperation> _started = [];
    private readonly TaskCompletionSource _writerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ImmutableArray<WatchSubscription> _watchers = [];
    private VmStoreState _state;
    private int _batchesSinceCheckpoint;
    private int _disposed;

    private SqliteVmStore(
        SqliteVmStoreOptions options,
        ILogger<SqliteVmStore> logger,
        TimeProvider time,
        string databasePath,
        FileStream lockFile,
        SqliteConnection connection,
        VmStoreState state)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _databasePath = databasePath;
        _lockFile = lockFile;
        _connection = connection;
        _commands = new VmCommands(connection);
        _readConnectionString = ReadConnectionString(databasePath, options);
        _checkpointer = new WalCheckpointer(WriterConnectionString(databasePath, options), logger);
        _state = state;
        var writer = new Thread(RunWriter) { IsBackground = true, Name = "SqliteVmStore writer" };
        writer.Start();
    }

    /// <summary>The revision of the last committed change (0 before the first).</summary>
    public long Revision => Volatile.Read(ref _state).Revision;

    /// <summary>Watchers currently subscribed to live changes.</summary>
    internal int WatcherCount => _watchers.Length;

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public Task<CreateOutcome> CreateAsync(MicroVm vm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vm);
        if (string.IsNullOrEmpty(vm.Uid) || string.IsNullOrEmpty(vm.Namespace) || string.IsNullOrEmpty(vm.Id))
        {
            throw new ArgumentException("A VM needs a uid, a namespace and an id to be stored", nameof(vm));
        }

        // An idempotent retry of a committed create needs no write at all.
        if (Volatile.Read(ref _state).Find(vm.Namespace, vm.Id) is { } existing)
        {
            return Task.FromResult(new CreateOutcome(existing, Created: false));
        }

        var document = VmDocument.From(vm.Version == 1 ? vm : vm with { Version = 1 });
        return EnqueueAsync(new CreateOperation(document), cancellationToken);
    }

    public MicroVm? Get(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        return Volatile.Read(ref _state).ByUid.TryGetValue(uid, out var vm) ? vm : null;
    }

    public IReadOnlyList<MicroVm> List(string? @namespace = null, string? id = null)
    {
        var state = Volatile.Read(ref _state);
        if (string.IsNullOrEmpty(@namespace))
        {
            return string.IsNullOrEmpty(id) ? state.All : FindInEveryNamespace(state, id);
        }

        if (!state.ByNamespace.TryGetValue(@namespace, out var index))
        {
            return [];
        }

        if (string.IsNullOrEmpty(id))
        {
            return index.List;
        }

        return index.ById.TryGetValue(id, out var vm) ? [vm] : [];
    }

    public Task<MicroVm> UpdateAsync(MicroVm vm, int expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vm);
        ArgumentException.ThrowIfNullOrEmpty(vm.Uid, nameof(vm));
        var stored = vm with { Version = expectedVersion + 1, UpdatedAt = _time.GetUtcNow() };
        return EnqueueAsync(new UpdateOperation(VmDocument.From(stored), expectedVersion), cancellationToken);
    }

    public Task DeleteAsync(string uid, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(uid);
        if (!Volatile.Read(ref _state).ByUid.ContainsKey(uid))
        {
            return Task.CompletedTask;
        }

        return EnqueueAsync(new DeleteOperation(uid), cancellationToken);
    }

    public StoreSnapshot Snapshot()
    {
        var state = Volatile.Read(ref _state);
        return new StoreSnapshot(state.All, state.Revision);
    }

    /// <summary>Finishes queued writes, ends every watcher, closes the database and releases its lock.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        LogClosingStore(_logger, _databasePath);
        _queue.CompleteAdding();
        await _writerStopped.Task.ConfigureAwait(false);

        var watchers = ImmutableInterlocked.InterlockedExchange(ref _watchers, []);
        foreach (var watcher in watchers)
        {
            watcher.End(new ObjectDisposedException(nameof(SqliteVmStore), "The VM store was closed"));
        }

        _checkpointer.Dispose();
        _commands.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
        _queue.Dispose();
        await _lockFile.DisposeAsync().ConfigureAwait(false);
    }

    private static List<MicroVm> FindInEveryNamespace(VmStoreState state, string id)
    {
        var matches = new List<MicroVm>();
        foreach (var entry in state.ByNamespace)
        {
            if (entry.Value.ById.TryGetValue(id, out var vm))
            {
                matches.Add(vm);
            }
        }

        return matches;
    }

    private Task<TResult> EnqueueAsync<TResult>(WriteOperation<TResult> operation, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        ObjectDisposedException.ThrowIf(IsDisposed, this);
        operation.ObserveCancellation(cancellationToken);
        try
        {
            _queue.Add(operation, CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            throw new ObjectDisposedException("The VM store was closed", e);
        }

        return operation.Task;
    }
}
