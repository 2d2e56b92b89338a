namespace LiquidMetal.Controller.Kubernetes.Tests.Infrastructure;

/// <summary>A request the stand-in received, with the identity of its client certificate.</summary>
public sealed record ApiServerRequest(string Method, string Path, string? ContentType, string Body, string User, IReadOnlyList<string> Groups, string ClientCertificatePem);
