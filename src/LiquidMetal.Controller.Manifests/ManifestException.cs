using LiquidMetal.Controller.Core.Validation;

namespace LiquidMetal.Controller.Manifests;

/// <summary>Manifests could not be loaded; <see cref="Errors"/> holds every problem found when they are invalid.</summary>
public sealed class ManifestException : Exception
{
    public ManifestException() : this(ManifestErrorCode.Invalid, "invalid manifests") { }
    public ManifestException(string message) : this(ManifestErrorCode.Invalid, message) { }
    public ManifestException(string message, Exception inner) : this(ManifestErrorCode.Unreadable, message, inner) { }

    public ManifestException(ManifestErrorCode code, string message, Exception? inner = null) : base(message, inner) => Code = code;

    public ManifestException(IReadOnlyList<ManifestError> errors)
        : base($"the manifests have {errors.Count} error{(errors.Count == 1 ? "" : "s")}; fix them and load again:{Environment.NewLine}" +
               string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
    {
        Code = ManifestErrorCode.Invalid;
        Errors = errors;
    }

    public ManifestErrorCode Code { get; }
    public IReadOnlyList<ManifestError> Errors { get; } = [];
}
