using Grpc.Core;
using LiquidMetal.Controller.Pki;
using Wire = LiquidMetal.Api.Controller.V1;

namespace LiquidMetal.Controller.Api;

internal sealed partial class ControllerGrpcService
{
    public override async Task<Wire.GetKubeconfigResponse> GetKubeconfig(Wire.GetKubeconfigRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add("name: the cluster is required");
        }

        var maximum = CertificateIssuer.DefaultLifetime;
        if (request.TtlSeconds < 0 || request.TtlSeconds > (long)maximum.TotalSeconds)
        {
            errors.Add($"ttl_seconds: must be 0 (the controller's default) or 1 to {(long)maximum.TotalSeconds} (365 days), got {request.TtlSeconds}");
        }

        if (errors.Count > 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, string.Join("; ", errors)));
        }

        var state = await store.LoadAsync(ct).ConfigureAwait(false);
        var cluster = state.Desired is { } desired ? converger.FleetOf(desired).Clusters.FirstOrDefault(c => c.Name == request.Name) : null;
        if (cluster is null)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"cluster {request.Name} is not declared in the desired state (lm get clusters lists them)"));
        }

        if (KubeconfigEndpoint.Of(cluster) is not { } endpoint)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"cluster {cluster.Name} has no control-plane endpoint (spec.controlPlane.endpoint: a vip or an address)"));
        }

        if (pki.Provider is not { } provider)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, pki.Problem!));
        }

        ClusterPki? clusterPki;
        try
        {
            clusterPki = await provider.GetAsync(cluster.Name, ct).ConfigureAwait(false);
        }
        catch (PkiException ex)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"the PKI of cluster {cluster.Name} cannot be read: {ex.Message}"));
        }

        if (clusterPki is null)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"cluster {cluster.Name} has no PKI yet: it is made when the cluster's first node is created (lm apply, then lm describe cluster {cluster.Name})"));
        }

        var lifetime = request.TtlSeconds > 0
            ? TimeSpan.FromSeconds(request.TtlSeconds)
            : pki.Options.AdminCertificateLifetime;
        AdminKubeconfig kubeconfig;
        try
        {
            kubeconfig = new AdminKubeconfigIssuer(new CertificateIssuer(time))
                .Issue(cluster.Name, clusterPki, endpoint.Host, cluster.KubernetesVersion, lifetime, endpoint.Port);
        }
        catch (PkiException ex) when (ex.Code == PkiErrorCode.InvalidRequest)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, ex.Message));
        }

        LogIssuedKubeconfig(logger, cluster.Name, kubeconfig.UserName, kubeconfig.NotAfter);
        return new Wire.GetKubeconfigResponse
        {
            Kubeconfig = kubeconfig.Yaml,
            Server = endpoint.Host.Contains(':', StringComparison.Ordinal) ? $"https://[{endpoint.Host}]:{endpoint.Port}" : $"https://{endpoint.Host}:{endpoint.Port}",
            User = kubeconfig.UserName,
            NotAfter = ApiMapper.Time(kubeconfig.NotAfter),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued an admin kubeconfig for cluster {Cluster} (user {User}, expires {NotAfter:u})")]
    private static partial void LogIssuedKubeconfig(ILogger logger, string cluster, string user, DateTimeOffset notAfter);
}
