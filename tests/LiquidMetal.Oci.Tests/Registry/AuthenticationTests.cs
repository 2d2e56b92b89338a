using System.Text;
using System.Text.Json;
using LiquidMetal.Oci.References;
using LiquidMetal.Oci.Registry;
using LiquidMetal.Oci.Tests.Infrastructure;

namespace LiquidMetal.Oci.Tests.Registry;

/// <summary>Basic (htpasswd), token (JWT from a test token service) and HTTPS with a private CA, each against a real registry.</summary>
[Collection(RegistryTests.Name)]
public sealed class AuthenticationTests(RegistryFixture fixture) : IDisposable
{
    private readonly TempDirectory _directory = new("lm-auth");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ResolveAsync_BasicAuthWithAuthField_Succeeds()
    {
        await using var registry = await StartHtpasswdRegistryAsync();
        var options = RegistryFixture.FastOptions(registry.Host);
        options.CredentialsFile = WriteConfig(registry.Host, new { auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cret")) });
        using var client = new OciRegistryClient(options);

        var resolved = await client.ResolveAsync(ImageReference.Parse($"{registry.Host}/test/small:v1"), CancellationToken.None);

        Assert.Equal(2, resolved.Image.Layers.Count);
    }

    [Fact]
    public async Task ResolveAsync_BasicAuthWrongPassword_UnauthorizedNamingUserAndRegistry()
    {
        await using var registry = await StartHtpasswdRegistryAsync();
        var options = RegistryFixture.FastOptions(registry.Host);
        options.CredentialsFile = WriteConfig(registry.Host, new { username = "alice", password = "wrong" });
        using var client = new OciRegistryClient(options);

        var error = await Assert.ThrowsAsync<OciException>(() => client.ResolveAsync(ImageReference.Parse($"{registry.Host}/test/small:v1"), CancellationToken.None));

        Assert.Equal(OciErrorCode.Unauthorized, error.Code);
        Assert.False(error.IsTransient);
        Assert.Contains("rejected the credentials of user 'alice'", error.Message, StringComparison.Ordinal);
        Assert.Contains(registry.Host, error.Message, StringComparison.Ordinal);
        Assert.Contains("test/small", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_BasicAuthNoCredentials_UnauthorizedSayingWhatToConfigure()
    {
        await using var registry = await StartHtpasswdRegistryAsync();
        using var client = new OciRegistryClient(RegistryFixture.FastOptions(registry.Host));

        var error = await Assert.ThrowsAsync<OciException>(() => client.ResolveAsync(ImageReference.Parse($"{registry.Host}/test/small:v1"), CancellationToken.None));

        Assert.Equal(OciErrorCode.Unauthorized, error.Code);
        Assert.Contains($"auths.\"{registry.Host}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullAsync_TokenAuth_SucceedsAndReusesTheToken()
    {
        await using var token = await TokenServer.StartAsync(_directory.Path, "bob", "hunter2");
        await using var registry = await StartTokenRegistryAsync(token);
        var options = RegistryFixture.FastOptions(registry.Host);
        options.CredentialsFile = WriteConfig(registry.Host, new { username = "bob", password = "hunter2" });
        using var scope = new StoreScope(options);

        var image = await scope.Puller.PullAsync($"{registry.Host}/test/small:v1", null, CancellationToken.None);

        Assert.Equal(2, image.Layers.Count);
        Assert.All(image.Layers, l => Assert.True(File.Exists(l.Path)));
        // One token for the repository, reused for the manifest, the config and both layers.
        Assert.Equal(1, token.Issued);
    }

    [Fact]
    public async Task ResolveAsync_TokenAuthWithIdentityToken_UsesRefreshTokenGrant()
    {
        await using var token = await TokenServer.StartAsync(_directory.Path, "bob", "hunter2");
        await using var registry = await StartTokenRegistryAsync(token);
        var options = RegistryFixture.FastOptions(registry.Host);
        options.CredentialsFile = WriteConfig(registry.Host, new { identitytoken = token.RefreshToken });
        using var client = new OciRegistryClient(options);

        var resolved = await client.ResolveAsync(ImageReference.Parse($"{registry.Host}/test/small:v1"), CancellationToken.None);

        Assert.Equal(2, resolved.Image.Layers.Count);
        Assert.Equal(1, token.Issued);
    }

    [Fact]
    public async Task ResolveAsync_TokenAuthWrongPassword_Unauthorized()
    {
        await using var token = await TokenServer.StartAsync(_directory.Path, "bob", "hunter2");
        await using var registry = await StartTokenRegistryAsync(token);
        var options = RegistryFixture.FastOptions(registry.Host);
        options.CredentialsFile = WriteConfig(registry.Host, new { username = "bob", password = "nope" });
        using var client = new OciRegistryClient(options);

        var error = await Assert.ThrowsAsync<OciException>(() => client.ResolveAsync(ImageReference.Parse($"{registry.Host}/test/small:v1"), CancellationToken.None));

        Assert.Equal(OciErrorCode.Unauthorized, error.Code);
        Assert.Contains("user 'bob'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_TokenAuthAnonymous_DeniedSayingWhoLacksAccess()
    {
        await using var token = await TokenServer.StartAsync(_directory.Path, "bob", "hunter2");
        await using var registry = await StartTokenRegistryAsync(token);
        using var client = new OciRegistryClient(RegistryFixture.FastOptions(registry.Host));

        var error = await Assert.ThrowsAsync<OciException>(() => client.ResolveAsync(ImageReference.Parse($"{registry.Host}/test/small:v1"), CancellationToken.None));

        Assert.Equal(OciErrorCode.Denied, error.Code);
        Assert.Contains("anonymous clients", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_HttpsWithConfiguredCa_Succeeds()
    {
        await using var registry = await StartTlsRegistryAsync();
        var options = RegistryFixture.FastOptions();
        options.Registries[registry.Host] = new RegistryOptions { CaFile = _directory.Combine("ca.crt") };
        using var client = new OciRegistryClient(options);

        var resolved = await client.ResolveAsync(ImageReference.Parse($"{registry.Host}/test/multi:v1"), CancellationToken.None);

        Assert.NotNull(resolved.Index);
    }

    [Fact]
    public async Task ResolveAsync_HttpsWithoutCa_TlsFailureSuggestingCaFile()
    {
        await using var registry = await StartTlsRegistryAsync();
        using var client = new OciRegistryClient(RegistryFixture.FastOptions());

        var error = await Assert.ThrowsAsync<OciException>(() => client.ResolveAsync(ImageReference.Parse($"{registry.Host}/test/small:v1"), CancellationToken.None));

        Assert.Equal(OciErrorCode.TlsFailure, error.Code);
        Assert.Contains("CaFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_UnreadableCaFile_InvalidConfiguration()
    {
        var options = RegistryFixture.FastOptions();
        options.Registries["127.0.0.1:1"] = new RegistryOptions { CaFile = _directory.Combine("missing.crt") };
        using var client = new OciRegistryClient(options);

        var error = await Assert.ThrowsAsync<OciException>(() => client.ResolveAsync(ImageReference.Parse("127.0.0.1:1/x:y"), CancellationToken.None));

        Assert.Equal(OciErrorCode.InvalidConfiguration, error.Code);
        Assert.Contains("missing.crt", error.Message, StringComparison.Ordinal);
    }

    private async Task<RegistryServer> StartHtpasswdRegistryAsync()
    {
        var htpasswd = _directory.Combine("htpasswd");
        await File.WriteAllTextAsync(htpasswd, await Tool.RunAsync("htpasswd", "-Bbn", "alice", "s3cret"));
        return await fixture.StartRegistryAsync(s => s with { HtpasswdFile = htpasswd });
    }

    private Task<RegistryServer> StartTokenRegistryAsync(TokenServer token) =>
        fixture.StartRegistryAsync(s => s with { Token = (token.Realm, TokenServer.Service, TokenServer.Issuer, token.RootCertBundle) });

    private Task<RegistryServer> StartTlsRegistryAsync()
    {
        using var ca = TestCertificates.CreateCa("Liquid Metal test CA");
        using var server = TestCertificates.CreateServer(ca);
        TestCertificates.WritePem(ca, _directory.Combine("ca.crt"));
        TestCertificates.WritePem(server, _directory.Combine("server.crt"), _directory.Combine("server.key"));
        return fixture.StartRegistryAsync(s => s with { Tls = (_directory.Combine("server.crt"), _directory.Combine("server.key")) });
    }

    private string WriteConfig(string host, object entry)
    {
        var path = _directory.Combine("config.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [host] = entry } }));
        return path;
    }
}
