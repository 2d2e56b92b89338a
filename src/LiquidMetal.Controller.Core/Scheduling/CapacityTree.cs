namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>
/// A max segment tree over hosts in name order holding each host's free memory and CPUs, so "the first host
/// from here with at least this much free" takes O(log n) instead of a scan over every host.
/// </summary>
internal sealed class CapacityTree
{
    private readonly int _size;
    private readonly long[] _memory;
    private readonly long[] _cpus;

    public CapacityTree(int count)
    {
        _size = 1;
        while (_size < Math.Max(count, 1))
        {
            _size *= 2;
        }

        _memory = new long[2 * _size];
        _cpus = new long[2 * _size];
        Array.Fill(_memory, -1);
        Array.Fill(_cpus, -1);
    }

    /// <summary>Sets a host's free resources; -1 takes it out of every search.</summary>
    public void Set(int index, long freeMemoryMiB, long freeCpus)
    {
        var node = _size + index;
        _memory[node] = freeMemoryMiB;
        _cpus[node] = freeCpus;
        for (node /= 2; node >= 1; node /= 2)
        {
            _memory[node] = Math.Max(_memory[2 * node], _memory[(2 * node) + 1]);
            _cpus[node] = Math.Max(_cpus[2 * node], _cpus[(2 * node) + 1]);
        }
    }

    /// <summary>The first host at or after <paramref name="from"/> with the room asked for, or -1.</summary>
    public int FindFirst(int from, long memoryMiB, long cpus) => Find(1, 0, _size - 1, from, memoryMiB, cpus);

    private int Find(int node, int low, int high, int from, long memoryMiB, long cpus)
    {
        if (high < from || _memory[node] < memoryMiB || _cpus[node] < cpus)
        {
            return -1;
        }

        if (low == high)
        {
            return low;
        }

        var middle = (low + high) / 2;
        var left = Find(2 * node, low, middle, from, memoryMiB, cpus);
        return left >= 0 ? left : Find((2 * node) + 1, middle + 1, high, from, memoryMiB, cpus);
    }
}
