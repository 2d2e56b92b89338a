namespace LiquidMetal.Api.Client;

/// <summary>A server address was refused: <see cref="Problem"/> says why, <see cref="Detail"/> what it refers to (a scheme, a host:port).</summary>
public sealed class ServerAddressException : FormatException
{
    public ServerAddressException() : this(ServerAddressProblem.NotAnAddress, "", "") { }

    public ServerAddressException(string message) : this(ServerAddressProblem.NotAnAddress, "", message) { }

    public ServerAddressException(string message, Exception innerException) : base(message, innerException) { }

    public ServerAddressException(ServerAddressProblem problem, string detail, string address)
        : base($"address \"{address}\": {problem}{(detail.Length > 0 ? $" ({detail})" : "")}")
    {
        Problem = problem;
        Detail = detail;
    }

    public ServerAddressProblem Problem { get; }

    public string Detail { get; } = "";
}
