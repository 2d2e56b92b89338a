namespace LiquidMetal.Controller.Core.Ports;

/// <summary>Why a desired-state source could not produce a snapshot.</summary>
public enum DesiredStateErrorCode
{
    /// <summary>A setting is malformed or hostile (a URL or branch starting with '-', a path leaving the repository).</summary>
    InvalidConfiguration = 0,

    /// <summary>The folder or repository does not exist or cannot be reached.</summary>
    SourceNotFound = 1,

    /// <summary>The repository has no such branch.</summary>
    BranchNotFound = 2,

    /// <summary>The sub-path does not exist at the revision, or is not a directory.</summary>
    PathNotFound = 3,

    /// <summary>A file or the whole set is larger than the limits, or there are too many files.</summary>
    LimitExceeded = 4,

    /// <summary>A file may not be read: a symlink leaving the root, or not UTF-8 text.</summary>
    UnsafeFile = 5,

    /// <summary>Fetching or reading failed (network, git, I/O); the last good revision is kept.</summary>
    FetchFailed = 6,
}
