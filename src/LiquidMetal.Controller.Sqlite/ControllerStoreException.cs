namespace LiquidMetal.Controller.Sqlite;

/// <summary>The controller's database failed; the message names the file and what to do next.</summary>
public sealed class ControllerStoreException : Exception
{
    public ControllerStoreException() { }
    public ControllerStoreException(string message) : base(message) { }
    public ControllerStoreException(string message, Exception inner) : base(message, inner) { }

    public ControllerStoreException(ControllerStoreErrorCode code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    public ControllerStoreErrorCode Code { get; }
}
