namespace LiquidMetal.Oci.Tests.Infrastructure;

/// <summary>An <see cref="IProgress{T}"/> that runs the handler on the reporting thread (Progress&lt;T&gt; would post it elsewhere).</summary>
public sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
