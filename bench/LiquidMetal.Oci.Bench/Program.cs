using System.Diagnostics;
using System.Globalization;
using LiquidMetal.Oci.Bench;
using LiquidMetal.Oci.Content;
using LiquidMetal.Oci.Pull;
using LiquidMetal.Oci.Registry;
using LiquidMetal.Oci.Tests.Infrastructure;

// Pull throughput: ImagePuller (cold blob store each round) vs skopeo copy, same image, same loopback registry, same run.
var layers = Arg("--layers", 4);
var layerMiB = Arg("--layer-mib", 64);
var rounds = Arg("--rounds", 5);

using var work = new TempDirectory("lm-oci-bench");
var storage = work.Combine("registry");
Directory.CreateDirectory(storage);
await using var registry = await RegistryServer.StartAsync(new RegistrySettings(storage));
Console.WriteLine($"Building a {layers} x {layerMiB} MiB image (random, incompressible)...");
var layout = work.Combine("layout");
var descriptors = BenchImage.WriteLayout(layout, "bench", layers, layerMiB);
var totalBytes = descriptors.Sum(d => d.Size);
var image = $"{registry.Host}/bench/img:v1";
await Tool.RunAsync("skopeo", "copy", "--quiet", "--dest-tls-verify=false", $"oci:{layout}:bench", $"docker://{image}");
Directory.Delete(layout, recursive: true);
Console.WriteLine($"Pushed {image}: {totalBytes / 1e6:0.0} MB of layers. {rounds} rounds, order alternating.");

// One untimed pull each first: JIT, connection setup and the registry's caches warm for both.
await PullOursAsync(image, work.Combine("warm-ours"));
await PullSkopeoAsync(image, work.Combine("warm-skopeo"));
Directory.Delete(work.Combine("warm-ours"), recursive: true);
Directory.Delete(work.Combine("warm-skopeo"), recursive: true);

var ours = new List<double>();
var skopeo = new List<double>();
for (var round = 1; round <= rounds; round++)
{
    var order = round % 2 == 1 ? new[] { "ours", "skopeo" } : ["skopeo", "ours"];
    foreach (var who in order)
    {
        var target = work.Combine($"{who}-{round}");
        var seconds = who == "ours" ? await PullOursAsync(image, target) : await PullSkopeoAsync(image, target);
        Directory.Delete(target, recursive: true);
        var mbps = totalBytes / 1e6 / seconds;
        (who == "ours" ? ours : skopeo).Add(mbps);
        Console.WriteLine($"round {round} {who,-6} {seconds * 1000,8:0} ms {mbps,8:0.0} MB/s");
    }
}

Console.WriteLine();
Console.WriteLine("|  | median MB/s | min MB/s | max MB/s |");
Console.WriteLine("|---|---|---|---|");
Console.WriteLine($"| ImagePuller | {Median(ours):0.0} | {ours.Min():0.0} | {ours.Max():0.0} |");
Console.WriteLine($"| skopeo copy | {Median(skopeo):0.0} | {skopeo.Min():0.0} | {skopeo.Max():0.0} |");
Console.WriteLine($"ratio of medians (ours / skopeo): {Median(ours) / Median(skopeo):0.00}");
return;

static async Task<double> PullOursAsync(string image, string root)
{
    var watch = Stopwatch.StartNew();
    var options = new OciClientOptions();
    options.Registries[image.Split('/')[0]] = new RegistryOptions { PlainHttp = true };
    using var client = new OciRegistryClient(options);
    var puller = new ImagePuller(client, BlobStore.Open(root));
    await puller.PullAsync(image, null, CancellationToken.None);
    return watch.Elapsed.TotalSeconds;
}

static async Task<double> PullSkopeoAsync(string image, string target)
{
    var watch = Stopwatch.StartNew();
    await Tool.RunAsync("skopeo", "copy", "--quiet", "--src-tls-verify=false", $"docker://{image}", $"oci:{target}:v1");
    return watch.Elapsed.TotalSeconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
