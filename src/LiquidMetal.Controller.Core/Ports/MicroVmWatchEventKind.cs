namespace LiquidMetal.Controller.Core.Ports;

public enum MicroVmWatchEventKind
{
    Added = 0,
    Modified = 1,
    Deleted = 2,

    /// <summary>The end of the initial list; its revision is where to resume from.</summary>
    Bookmark = 3,
}
