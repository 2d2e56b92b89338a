using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LiquidMetal.Core.Storage;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Agent.Sqlite;

/// <summary>
/// Column formats and reading rows back. Reads are strict: a field this build does not know is an error,
/// not something to drop silently on the next write.
/// </summary>
internal static class VmRecords
{
    private static readonly JsonSerializerOptions StrictOptions = new(MicroVmJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    public static string FormatTime(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    public static string FormatChangeType(VmChangeType type) => type switch
    {
        VmChangeType.Added => "added",
        VmChangeType.Modified => "modified",
        VmChangeType.Deleted => "deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown change type"),
    };

    /// <summary>Builds a VM from a <c>vms</c> row.</summary>
    /// <exception cref="SqliteVmStoreException">The row does not hold a readable VM.</exception>
    public static MicroVm ReadVm(
        string uid,
        string @namespace,
        string id,
        long version,
        string specJson,
        string statusJson,
        string createdAt,
        string updatedAt,
        string? deletedAt)
    {
        try
        {
            var spec = Deserialize<MicroVmSpec>(specJson);
            if (!string.Equals(spec.Namespace, @namespace, StringComparison.Ordinal)
                || !string.Equals(spec.Id, id, StringComparison.Ordinal))
            {
                throw new JsonException(
                    $"spec names {spec.Namespace}/{spec.Id} but the row's key is {@namespace}/{id}");
            }

            return new MicroVm
            {
                Uid = uid,
                Version = checked((int)version),
                Spec = spec,
                Status = Deserialize<MicroVmStatus>(statusJson),
                CreatedAt = ParseTime(createdAt),
                UpdatedAt = ParseTime(updatedAt),
                DeletedAt = deletedAt is null ? null : ParseTime(deletedAt),
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or NotSupportedException)
        {
            throw new SqliteVmStoreException(
                SqliteVmStoreErrorCode.CorruptRecord,
                $"Stored VM {uid} ({@namespace}/{id}) cannot be read: {e.Message}",
                e);
        }
    }

    /// <summary>Builds a change from a <c>changes</c> row.</summary>
    /// <exception cref="SqliteVmStoreException">The row does not hold a readable change.</exception>
    public static VmChange ReadChange(long revision, string uid, string type, string vmJson)
    {
        try
        {
            var changeType = type switch
            {
                "added" => VmChangeType.Added,
                "modified" => VmChangeType.Modified,
                "deleted" => VmChangeType.Deleted,
                _ => throw new FormatException($"unknown change type '{type}'"),
            };
            var vm = Deserialize<MicroVm>(vmJson);
            if (!string.Equals(vm.Uid, uid, StringComparison.Ordinal))
            {
                throw new JsonException($"the change's VM has uid {vm.Uid}");
            }

            return new VmChange(revision, changeType, vm);
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException)
        {
            throw new SqliteVmStoreException(
                SqliteVmStoreErrorCode.CorruptRecord,
                $"Change {revision} of VM {uid} cannot be read: {e.Message}",
                e);
        }
    }

    private static T Deserialize<T>(string json) => MicroVmJson.Deserialize<T>(json, StrictOptions);

    private static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);
}
