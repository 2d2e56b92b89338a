using System.Net;
using System.Net.Http.Headers;
using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Tests.Infrastructure;

/// <summary>Pushes a <see cref="TestImage"/> through the registry's HTTP API (anonymous, plain HTTP): blobs, child manifests, then the tag.</summary>
public static class RegistryPusher
{
    private static readonly HttpClient Http = new();

    public static async Task PushAsync(string host, string repository, string tag, TestImage image)
    {
        var baseUri = new Uri($"http://{host}");
        foreach (var (digest, bytes) in image.Blobs)
        {
            if (IsManifest(bytes))
            {
                continue;
            }

            await PushBlobAsync(baseUri, repository, digest, bytes);
        }

        foreach (var (digest, bytes) in image.Blobs.Where(b => IsManifest(b.Value)))
        {
            await PutManifestAsync(baseUri, repository, digest.ToString(), bytes);
        }

        await PutManifestAsync(baseUri, repository, tag, image.TopBytes);
    }

    public static async Task PushBlobAsync(Uri baseUri, string repository, Digest digest, byte[] bytes)
    {
        using var start = await Http.PostAsync(new Uri(baseUri, $"/v2/{repository}/blobs/uploads/"), null);
        Check(start, HttpStatusCode.Accepted);
        var location = new Uri(baseUri, start.Headers.Location!);
        var put = new UriBuilder(location) { Query = $"{location.Query.TrimStart('?')}&digest={digest}" }.Uri;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var done = await Http.PutAsync(put, content);
        Check(done, HttpStatusCode.Created);
    }

    private static async Task PutManifestAsync(Uri baseUri, string repository, string reference, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        using var document = System.Text.Json.JsonDocument.Parse(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(document.RootElement.GetProperty("mediaType").GetString()!);
        using var response = await Http.PutAsync(new Uri(baseUri, $"/v2/{repository}/manifests/{reference}"), content);
        Check(response, HttpStatusCode.Created);
    }

    private static bool IsManifest(byte[] bytes) =>
        bytes.Length > 0 && bytes[0] == '{' && System.Text.Encoding.UTF8.GetString(bytes).Contains("\"schemaVersion\"", StringComparison.Ordinal);

    private static void Check(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}");
        }
    }
}
