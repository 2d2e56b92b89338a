namespace LiquidMetal.Controller.Pki;

/// <summary>
/// The PKI failed; the message names what (a field, a file, a cluster's sealed key) and what to do. Messages never
/// carry key material.
/// </summary>
public sealed class PkiException : Exception
{
    public PkiException() { }
    public PkiException(string message) : base(message) { }
    public PkiException(string message, Exception inner) : base(message, inner) { }

    public PkiException(PkiErrorCode code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    public PkiErrorCode Code { get; }
}
