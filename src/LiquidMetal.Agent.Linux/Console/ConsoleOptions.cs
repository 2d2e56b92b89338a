namespace LiquidMetal.Agent.Linux.Console;

/// <summary>Serial console logs (the agent binds it from configuration section "Console").</summary>
public sealed class ConsoleOptions
{
    /// <summary>
    /// Size at which <see cref="ConsoleLogFile.EnforceCap"/> copy-truncates the current log into <c>.old</c>.
    /// Default 1 MiB, so a VM's console takes at most about twice that on disk.
    /// </summary>
    public long MaxBytes { get; set; } = 1024 * 1024;

    /// <summary>How often <see cref="ConsoleFollower"/> looks for new output. Default 100 ms.</summary>
    public TimeSpan FollowPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
