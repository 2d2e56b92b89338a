namespace LiquidMetal.Controller.Pki;

/// <summary>An admin kubeconfig and when its client certificate expires. <see cref="ToString"/> leaves the YAML (and its key) out.</summary>
/// <param name="Yaml">The kubeconfig; it embeds a private key.</param>
public sealed record AdminKubeconfig(string Yaml, string UserName, DateTimeOffset NotAfter)
{
    public override string ToString() => $"AdminKubeconfig {{ UserName = {UserName}, NotAfter = {NotAfter:u}, Yaml = (redacted) }}";
}
