namespace LiquidMetal.Cli.Waiting;

/// <summary>Shows a wait in progress on standard error: the latest reported line and the elapsed time.</summary>
internal interface IProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, showing every line it reports until it finishes.</summary>
    Task<T> RunAsync<T>(string title, Func<IProgress<string>, Task<T>> work);
}
