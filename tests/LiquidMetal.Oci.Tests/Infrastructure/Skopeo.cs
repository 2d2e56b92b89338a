namespace LiquidMetal.Oci.Tests.Infrastructure;

/// <summary>Pushes a test image with the real tool: written as an OCI layout, then <c>skopeo copy oci:DIR:TAG docker://...</c>.</summary>
public static class Skopeo
{
    public static async Task PushAsync(TestImage image, string destination, params string[] extraArgs)
    {
        using var layout = new TempDirectory("lm-layout");
        image.WriteLayout(layout.Path, "t");
        await Tool.RunAsync("skopeo", ["copy", "--quiet", "--dest-tls-verify=false", .. extraArgs, $"oci:{layout.Path}:t", $"docker://{destination}"]);
    }
}
