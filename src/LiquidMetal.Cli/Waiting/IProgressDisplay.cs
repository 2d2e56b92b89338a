namespace LiquidMetal.Cli.Waiting;

/// <summary>Shows a wait in progress on standard error, with the latest observation and the elapsed time.</summary>
internal interface IProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, showing whatever it reports until it finishes.</summary>
    Task<T> RunAsync<T>(string title, Func<IProgress<VmObservation>, Task<T>> work);
}
