using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace LiquidMetal.Core.Reconcile;

/// <summary>
/// A de-duplicating work queue of keys (client-go's shape): a key queued several times is handed out once;
/// a key being processed is never handed to a second worker; adding it meanwhile re-queues it after
/// <see cref="Done"/>. Delayed adds use the injected clock.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "It is a queue; the name says so as client-go's does.")]
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, ITimer> _delayed = [];
    private readonly Channel<TKey> _ready = Channel.CreateUnbounded<TKey>();
    private readonly TimeProvider _time;

    public WorkQueue(TimeProvider time) => _time = time;

    /// <summary>Keys waiting (not counting delayed or in-flight ones).</summary>
    public int Length
    {
        get
        {
            lock (_gate)
            {
                return _dirty.Count;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (_gate)
        {
            if (_delayed.Remove(key, out var timer))
            {
                timer.Dispose();
            }

            if (!_dirty.Add(key) || _processing.Contains(key))
            {
                return;
            }

            _ready.Writer.TryWrite(key);
        }
    }

    /// <summary>Adds the key after <paramref name="delay"/>; an earlier pending delay for the key wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_gate)
        {
            if (_dirty.Contains(key))
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_delayed.TryGetValue(key, out var existing))
            {
                if (existing is DelayedTimer d && d.Due <= due)
                {
                    return;
                }

                existing.Dispose();
            }

            var timer = new DelayedTimer(due);
            timer.Attach(_time.CreateTimer(_ => FireDelayed(key, timer), null, delay, Timeout.InfiniteTimeSpan));
            _delayed[key] = timer;
        }
    }

    /// <summary>Waits for the next key; the caller must call <see cref="Done"/> with it.</summary>
    public async ValueTask<TKey> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var key = await _ready.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                // Skip stale channel entries: the key was already handed out after a re-add.
                if (_dirty.Remove(key) && _processing.Add(key))
                {
                    return key;
                }
            }
        }
    }

    public void Done(TKey key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key))
            {
                _ready.Writer.TryWrite(key);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var timer in _delayed.Values)
            {
                timer.Dispose();
            }

            _delayed.Clear();
            _ready.Writer.TryComplete();
        }
    }

    private void FireDelayed(TKey key, DelayedTimer timer)
    {
        lock (_gate)
        {
            if (!_delayed.TryGetValue(key, out var current) || !ReferenceEquals(current, timer))
            {
                return;
            }

            _delayed.Remove(key);
            timer.Dispose();
        }

        Add(key);
    }

    private sealed class DelayedTimer(DateTimeOffset due) : ITimer
    {
        private ITimer? _inner;

        public DateTimeOffset Due { get; } = due;

        public void Attach(ITimer inner) => _inner = inner;

        public bool Change(TimeSpan dueTime, TimeSpan period) => _inner?.Change(dueTime, period) ?? false;

        public void Dispose() => _inner?.Dispose();

        public ValueTask DisposeAsync() => _inner?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
