namespace LiquidMetal.Controller.Convergence;

/// <summary>A joining node's fresh token is not registered in its cluster (<see cref="Core.Convergence.JoinTokenRegistrations"/>): its VM is not created this round.</summary>
internal sealed class JoinTokenUnavailableException : Exception
{
    public JoinTokenUnavailableException() { }
    public JoinTokenUnavailableException(string message) : base(message) { }
    public JoinTokenUnavailableException(string message, Exception inner) : base(message, inner) { }
}
