using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiquidMetal.Controller.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiquidMetal.Controller.Kubernetes.Tests.Infrastructure;

/// <summary>
/// What a kube-apiserver checks of a Secret create, on 127.0.0.1 over TLS (Kestrel), because there is no
/// kube-apiserver on these machines: a server certificate issued from the cluster CA (kubeadm's apiserver profile for
/// the endpoint 127.0.0.1); client certificates required and verified against the cluster CA alone (its
/// <c>--client-ca-file</c>), the user their CN and the groups their O; RBAC as kubeadm sets it up (only
/// <see cref="AdminGroups"/> may write Secrets in kube-system); <c>POST /api/v1/namespaces/kube-system/secrets</c>
/// with <c>application/json</c>, the Secret's namespace matching the path, base64 data, 409 AlreadyExists for a name
/// taken; <c>GET .../secrets/NAME</c>. Every request is recorded.
/// </summary>
public sealed class KubeApiServerStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KubeApiServerStandIn(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public ConcurrentQueue<ApiServerRequest> Requests { get; } = new();

    /// <summary>The Secrets in kube-system, by name, as stored (JSON).</summary>
    public ConcurrentDictionary<string, JsonObject> Secrets { get; } = new(StringComparer.Ordinal);

    /// <summary>Groups allowed to write Secrets (kubeadm binds both to cluster-admin).</summary>
    public HashSet<string> AdminGroups { get; } = [KubeadmCertificateProfiles.ClusterAdminsGroup, KubeadmCertificateProfiles.MastersGroup];

    /// <summary>Set: every request is answered with this status and a Status body.</summary>
    public (int Code, string Message)? Failure { get; set; }

    /// <summary>Set: every request waits this long first.</summary>
    public TimeSpan Delay { get; set; }

    /// <param name="clusterCa">Verifies client certificates.</param>
    /// <param name="servingCa">Issues the server certificate (the cluster CA, or another one to test trust).</param>
    /// <param name="port">The port on 127.0.0.1; 0: any free one.</param>
    public static async Task<KubeApiServerStandIn> StartAsync(CertificateAndKey clusterCa, CertificateAndKey servingCa, int port = 0)
    {
        var serving = new CertificateIssuer(TimeProvider.System).Issue(servingCa, KubeadmCertificateProfiles.ApiServer(new ApiServerCertificateNames
        {
            NodeName = "cp-0",
            NodeAddresses = [IPAddress.Loopback],
            EndpointHost = "127.0.0.1",
        }));
        var serverCertificate = X509Certificate2.CreateFromPem(serving.CertificatePem, serving.PrivateKeyPem);
        var caCertificate = X509Certificate2.CreateFromPem(clusterCa.CertificatePem);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = serverCertificate,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = (certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(caCertificate);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
                return chain.Build(certificate);
            },
        })));
        var app = builder.Build();
        KubeApiServerStandIn? self = null;
        app.Run(context => self!.HandleAsync(context));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        self = new KubeApiServerStandIn(app, address.Port);
        return self;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var certificate = context.Connection.ClientCertificate!;
        var subject = certificate.SubjectName.EnumerateRelativeDistinguishedNames().Select(r => (Oid: r.GetSingleElementType().Value, Value: r.GetSingleElementValue())).ToList();
        var user = subject.FirstOrDefault(r => r.Oid == "2.5.4.3").Value ?? "";
        var groups = subject.Where(r => r.Oid == "2.5.4.10").Select(r => r.Value ?? "").ToList();
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value ?? "";
        Requests.Enqueue(new ApiServerRequest(context.Request.Method, path, context.Request.ContentType, body, user, groups, certificate.ExportCertificatePem()));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        if (Failure is { } failure)
        {
            await StatusAsync(context, failure.Code, "InternalError", failure.Message);
            return;
        }

        const string secrets = "/api/v1/namespaces/kube-system/secrets";
        if (!groups.Any(AdminGroups.Contains))
        {
            await StatusAsync(context, 403, "Forbidden",
                $"secrets is forbidden: User \"{user}\" cannot {context.Request.Method.ToLowerInvariant()} resource \"secrets\" in API group \"\" in the namespace \"kube-system\"");
            return;
        }

        if (context.Request.Method == "POST" && path == secrets)
        {
            await CreateAsync(context, body);
        }
        else if (context.Request.Method == "GET" && path.StartsWith(secrets + "/", StringComparison.Ordinal))
        {
            var name = path[(secrets.Length + 1)..];
            if (Secrets.TryGetValue(name, out var stored))
            {
                await JsonAsync(context, 200, stored.ToJsonString());
            }
            else
            {
                await StatusAsync(context, 404, "NotFound", $"secrets \"{name}\" not found");
            }
        }
        else
        {
            await StatusAsync(context, 404, "NotFound", "the server could not find the requested resource");
        }
    }

    private async Task CreateAsync(HttpContext context, string body)
    {
        if (context.Request.ContentType?.Split(';')[0].Trim() != "application/json")
        {
            await StatusAsync(context, 415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got {context.Request.ContentType})");
            return;
        }

        JsonObject secret;
        try
        {
            secret = JsonNode.Parse(body)!.AsObject();
        }
        catch (JsonException e)
        {
            await StatusAsync(context, 400, "BadRequest", e.Message);
            return;
        }

        var name = (string?)secret["metadata"]?["name"];
        var ns = (string?)secret["metadata"]?["namespace"];
        var errors = new List<string>();
        if ((string?)secret["apiVersion"] != "v1" || (string?)secret["kind"] != "Secret")
        {
            errors.Add("apiVersion/kind: must be v1 Secret");
        }

        if (string.IsNullOrEmpty(name))
        {
            errors.Add("metadata.name: Required value");
        }

        if (ns is not null && ns != "kube-system")
        {
            errors.Add("metadata.namespace: does not match the namespace of the request");
        }

        foreach (var (key, value) in secret["data"]?.AsObject() ?? [])
        {
            if (value is null || !Convert.TryFromBase64String((string)value!, new byte[((string)value!).Length], out _))
            {
                errors.Add($"data[{key}]: illegal base64 data");
            }
        }

        if (errors.Count > 0)
        {
            await StatusAsync(context, 422, "Invalid", $"Secret \"{name}\" is invalid: {string.Join(", ", errors)}");
            return;
        }

        if (!Secrets.TryAdd(name!, secret))
        {
            await StatusAsync(context, 409, "AlreadyExists", $"secrets \"{name}\" already exists");
            return;
        }

        await JsonAsync(context, 201, secret.ToJsonString());
    }

    private static Task StatusAsync(HttpContext context, int code, string reason, string message) =>
        JsonAsync(context, code, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        }.ToJsonString());

    private static async Task JsonAsync(HttpContext context, int code, string json)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync();
    }
}
