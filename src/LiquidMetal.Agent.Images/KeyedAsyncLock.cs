namespace LiquidMetal.Agent.Images;

/// <summary>One async mutex per key, created on demand and dropped when nobody holds or waits for it.</summary>
internal sealed class KeyedAsyncLock
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public async Task<IDisposable> LockAsync(string key, CancellationToken cancellationToken)
    {
        var entry = Reference(key);
        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Unreference(key, entry);
            throw;
        }

        return new Releaser(this, key, entry);
    }

    /// <summary>The lock if it is free now, else null (for work that may skip a busy key, like pruning).</summary>
    public IDisposable? TryLock(string key)
    {
        var entry = Reference(key);
        if (entry.Semaphore.Wait(0))
        {
            return new Releaser(this, key, entry);
        }

        Unreference(key, entry);
        return null;
    }

    private Entry Reference(string key)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry();
                _entries[key] = entry;
            }

            entry.Users++;
            return entry;
        }
    }

    private void Unreference(string key, Entry entry)
    {
        lock (_gate)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Releaser(KeyedAsyncLock owner, string key, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                entry.Semaphore.Release();
                owner.Unreference(key, entry);
            }
        }
    }
}
