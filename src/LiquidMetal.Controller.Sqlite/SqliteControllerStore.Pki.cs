using LiquidMetal.Controller.Core.Ports;
using Microsoft.Data.Sqlite;

namespace LiquidMetal.Controller.Sqlite;

/// <summary>
/// <see cref="IClusterPkiStore"/>: one <c>cluster_pki</c> row per cluster, inserted if absent (<c>ON CONFLICT DO
/// NOTHING</c>) and read back in the same transaction, so the first PKI saved is the only one ever returned.
/// </summary>
public sealed partial class SqliteControllerStore : IClusterPkiStore
{
    private const string PkiColumns = """
        cluster, created_at, cluster_ca_cert, cluster_ca_key, etcd_ca_cert, etcd_ca_key,
        front_proxy_ca_cert, front_proxy_ca_key, sa_public_key, sa_private_key
        """;

    public Task<StoredClusterPki?> GetClusterPkiAsync(string cluster, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        return RunAsync(transaction => ReadPki(transaction, cluster), cancellationToken);
    }

    public Task<StoredClusterPki> SaveClusterPkiAsync(StoredClusterPki pki, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pki);
        ArgumentException.ThrowIfNullOrEmpty(pki.Cluster, nameof(pki));
        return RunAsync(transaction =>
        {
            Execute(transaction, $"""
                INSERT INTO cluster_pki ({PkiColumns}) VALUES ($c, $t, $cc, $ck, $ec, $ek, $fc, $fk, $sp, $sk)
                ON CONFLICT (cluster) DO NOTHING
                """,
                ("$c", pki.Cluster), ("$t", Text(pki.CreatedAt)),
                ("$cc", pki.ClusterCaCertificatePem), ("$ck", pki.ClusterCaSealedKey),
                ("$ec", pki.EtcdCaCertificatePem), ("$ek", pki.EtcdCaSealedKey),
                ("$fc", pki.FrontProxyCaCertificatePem), ("$fk", pki.FrontProxyCaSealedKey),
                ("$sp", pki.ServiceAccountPublicKeyPem), ("$sk", pki.ServiceAccountSealedKey));
            return ReadPki(transaction, pki.Cluster)!;
        }, cancellationToken);
    }

    public Task DeleteClusterPkiAsync(string cluster, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        return RunAsync(transaction => Execute(transaction, "DELETE FROM cluster_pki WHERE cluster = $c", ("$c", cluster)), cancellationToken);
    }

    private static StoredClusterPki? ReadPki(SqliteTransaction transaction, string cluster)
    {
        using var reader = Query(transaction, $"SELECT {PkiColumns} FROM cluster_pki WHERE cluster = $c", ("$c", cluster));
        if (!reader.Read())
        {
            return null;
        }

        return new StoredClusterPki(reader.GetString(0), Time(reader.GetString(1)),
            reader.GetString(2), Blob(reader, 3), reader.GetString(4), Blob(reader, 5),
            reader.GetString(6), Blob(reader, 7), reader.GetString(8), Blob(reader, 9));
    }

    private static byte[] Blob(SqliteDataReader reader, int ordinal) =>
        reader.GetValue(ordinal) as byte[] ?? throw new FormatException($"cluster_pki column {reader.GetName(ordinal)} is not a BLOB");
}
