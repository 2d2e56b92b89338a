using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LiquidMetal.Oci.Tests.Infrastructure;

/// <summary>
/// A docker token service: GET /token?service=..&amp;scope=repository:NAME:ACTIONS with basic credentials returns a
/// JWT (RS256, x5c = the signing certificate made by openssl) granting the requested actions. The registry trusts the
/// certificate through its rootcertbundle. Wrong credentials get 401; no credentials get a token without access.
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    public const string Service = "test-registry";
    public const string Issuer = "test-issuer";
    private readonly X509Certificate2 _signer;
    private readonly string _user;
    private readonly string _password;
    private KestrelHost? _host;
    private int _issued;

    private TokenServer(X509Certificate2 signer, string user, string password, string bundle)
    {
        _signer = signer;
        _user = user;
        _password = password;
        RootCertBundle = bundle;
    }

    /// <summary>PEM of the signing certificate (the registry's rootcertbundle).</summary>
    public string RootCertBundle { get; }

    public string Realm => new Uri(_host!.Address, "/token").ToString();

    /// <summary>The identity (refresh) token this server accepts in a refresh-token grant.</summary>
    public string RefreshToken => "refresh-" + _password;

    /// <summary>Tokens handed out so far (to check that clients cache them).</summary>
    public int Issued => Volatile.Read(ref _issued);

    public static async Task<TokenServer> StartAsync(string directory, string user, string password)
    {
        var key = Path.Combine(directory, "token.key");
        var cert = Path.Combine(directory, "token.crt");
        await Tool.RunAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=token-signer");
        var server = new TokenServer(X509Certificate2.CreateFromPemFile(cert, key), user, password, cert);
        server._host = await KestrelHost.StartAsync(server.HandleAsync);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _signer.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var subject = string.Empty;
        var grant = true;
        var header = context.Request.Headers.Authorization.ToString();
        string? scopeValue = null;
        string? serviceValue = null;
        if (context.Request.HasFormContentType)
        {
            // OAuth2 refresh-token grant (docker's identity tokens): the refresh token is "refresh-" + the password.
            var form = await context.Request.ReadFormAsync();
            if (form["grant_type"] != "refresh_token" || form["refresh_token"] != RefreshToken)
            {
                context.Response.StatusCode = 401;
                return;
            }

            subject = _user;
            scopeValue = form["scope"];
            serviceValue = form["service"];
        }
        else if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            if (pair[0] != _user || pair[1] != _password)
            {
                context.Response.StatusCode = 401;
                return;
            }

            subject = pair[0];
        }
        else
        {
            grant = false;
        }

        var access = new List<object>();
        var scope = scopeValue ?? context.Request.Query["scope"].ToString();
        var parts = scope.Split(':');
        if (grant && parts.Length == 3)
        {
            access.Add(new { type = parts[0], name = parts[1], actions = parts[2].Split(',') });
        }

        Interlocked.Increment(ref _issued);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = Sign(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = serviceValue ?? context.Request.Query["service"].ToString(),
            ["exp"] = now + 300,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        });
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { token, expires_in = 300 }));
    }

    private string Sign(object claims)
    {
        var header = new { alg = "RS256", typ = "JWT", x5c = new[] { Convert.ToBase64String(_signer.RawData) } };
        var signingInput = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        using var rsa = _signer.GetRSAPrivateKey()!;
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
