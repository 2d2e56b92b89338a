namespace LiquidMetal.Core.Reconcile;

/// <summary>How the agent drives VMs toward their spec. Bound from configuration section "Reconciler".</summary>
public sealed class ReconcilerOptions
{
    /// <summary>Parallel reconcile workers; one VM is never reconciled by two at once.</summary>
    public int Workers { get; set; } = 4;

    /// <summary>How long a guest may take from VMM start to its readiness signal.</summary>
    public TimeSpan BootTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How often a booting guest's console is checked for the readiness signal.</summary>
    public TimeSpan BootPollInterval { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Attempts before a VM that fails to boot (or keeps dying) stays FAILED until deleted.</summary>
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan BackoffInitial { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often running VMMs are checked for life.</summary>
    public TimeSpan LivenessInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often every VM is reconciled even without a trigger.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Console lines a guest prints when it has booted (regular expressions): our dev init, cloud-init.</summary>
    public IList<string> ReadyPatterns { get; } = ["liquidmetal-ready", @"Cloud-init v\. \S+ finished at"];

    /// <summary>Console lines quoted in a failure reason.</summary>
    public int ConsoleTailLines { get; set; } = 20;

    public TimeSpan PowerButtonTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan QuitTimeout { get; set; } = TimeSpan.FromSeconds(3);
    public TimeSpan KillTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Bridge for TAP interfaces without an override.</summary>
    public string DefaultBridge { get; set; } = "lmbr0";

    /// <summary>Parent interface for MACVTAP interfaces without an override; null: macvtap is unavailable.</summary>
    public string? DefaultMacvtapParent { get; set; }

    /// <summary>Network namespace the VMs' devices live in (null: the agent's own).</summary>
    public string? NetworkNamespace { get; set; }
}
