using System.Security.Cryptography;
using System.Text;

namespace LiquidMetal.Core.Networking;

/// <summary>
/// Stable host device names and guest MACs derived from (uid, device id), so a restarted agent finds
/// the devices it made and a guest keeps its MAC across restarts.
/// </summary>
public static class InterfaceNames
{
    /// <summary>Every device the agent creates starts with this, so orphans can be found.</summary>
    public const string Prefix = "lm";

    /// <summary>"lm" + 12 hex digits: 14 characters, under Linux's 15-character limit.</summary>
    public static string HostDevice(string uid, string deviceId) =>
        Prefix + Convert.ToHexStringLower(Hash(uid, deviceId)[..6]);

    /// <summary>A locally administered unicast MAC (02:xx:xx:xx:xx:xx).</summary>
    public static string GuestMac(string uid, string deviceId)
    {
        var h = Hash(uid, deviceId);
        return $"02:{h[6]:x2}:{h[7]:x2}:{h[8]:x2}:{h[9]:x2}:{h[10]:x2}";
    }

    private static byte[] Hash(string uid, string deviceId) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{uid}/{deviceId}"));
}
