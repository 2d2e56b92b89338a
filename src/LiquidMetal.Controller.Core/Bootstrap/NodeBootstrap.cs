using System.Text;

namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>
/// A node's cloud-init documents, as a flintlock client sends them in a microVM's metadata: <c>user-data</c> (kubeadm and
/// everything it needs; a jinja template resolved by cloud-init from the instance's meta-data), <c>meta-data</c>
/// (hostname, platform, host; the agent adds the instance id) and <c>vendor-data</c> (hostname, SSH keys).
/// </summary>
public sealed record NodeBootstrap(string UserData, string MetaData, string VendorData)
{
    public const string UserDataKey = "user-data";
    public const string MetaDataKey = "meta-data";
    public const string VendorDataKey = "vendor-data";

    /// <summary>The microVM metadata entries: each document base64-encoded under its cloud-init name.</summary>
    public IReadOnlyDictionary<string, string> ToMicroVmMetadata() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        [MetaDataKey] = Convert.ToBase64String(Encoding.UTF8.GetBytes(MetaData)),
        [UserDataKey] = Convert.ToBase64String(Encoding.UTF8.GetBytes(UserData)),
        [VendorDataKey] = Convert.ToBase64String(Encoding.UTF8.GetBytes(VendorData)),
    };

    /// <summary>Never the user-data: it carries CA keys and the bootstrap token.</summary>
    public override string ToString() => $"NodeBootstrap {{ UserData = {UserData.Length} characters }}";
}
