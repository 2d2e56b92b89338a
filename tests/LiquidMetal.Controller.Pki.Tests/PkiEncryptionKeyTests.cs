using System.Security.Cryptography;
using System.Text;
using LiquidMetal.Controller.Pki.Tests.TestSupport;

namespace LiquidMetal.Controller.Pki.Tests;

public sealed class PkiEncryptionKeyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WriteKeyFile(byte[] content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = Path.Combine(_dir.Path, "pki.key");
        File.WriteAllBytes(path, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public void LoadFile_RawAndBase64OfTheSameBytes_SameKeyId()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);

        using var raw = PkiEncryptionKey.LoadFile(WriteKeyFile(bytes));
        var rawId = raw.KeyId;
        using var base64 = PkiEncryptionKey.LoadFile(WriteKeyFile(Encoding.ASCII.GetBytes("  " + Convert.ToBase64String(bytes) + "\n")));

        Assert.Equal(rawId, base64.KeyId);
        Assert.Matches("^[0-9a-f]{16}$", rawId);
        Assert.Equal(Path.Combine(_dir.Path, "pki.key"), base64.Source);
    }

    [Fact]
    public async Task LoadFile_FromOpenSslRandBase64_Accepted()
    {
        var path = Path.Combine(_dir.Path, "pki.key");
        await Tool.OpenSslAsync("rand", "-base64", "-out", path, "32");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        using var key = PkiEncryptionKey.LoadFile(path);

        Assert.Equal(path, key.Source);
    }

    [Fact]
    public void LoadFile_Missing_NamesTheFileAndHowToCreateOne()
    {
        var path = Path.Combine(_dir.Path, "nope.key");

        var e = Assert.Throws<PkiException>(() => PkiEncryptionKey.LoadFile(path));

        Assert.Equal(PkiErrorCode.EncryptionKeyUnusable, e.Code);
        Assert.Contains($"The PKI encryption key file {path} does not exist", e.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(31, false)]
    [InlineData(33, false)]
    [InlineData(24, true)]
    [InlineData(0, false)]
    public void LoadFile_WrongLength_SaysWhatItHoldsAndWhatItMustHold(int length, bool asBase64)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        var path = WriteKeyFile(asBase64 ? Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes)) : bytes);

        var e = Assert.Throws<PkiException>(() => PkiEncryptionKey.LoadFile(path));

        Assert.Equal(PkiErrorCode.EncryptionKeyUnusable, e.Code);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("it must hold 32 random bytes, raw or base64", e.Message, StringComparison.Ordinal);
        Assert.Contains(asBase64 ? $"base64 of {length} bytes" : $"{length} bytes", e.Message, StringComparison.Ordinal);
        if (length > 0)
        {
            Assert.DoesNotContain(Convert.ToBase64String(bytes), e.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LoadFile_ReadableByOthers_RefusedWithTheChmodToRun()
    {
        var path = WriteKeyFile(RandomNumberGenerator.GetBytes(32), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var e = Assert.Throws<PkiException>(() => PkiEncryptionKey.LoadFile(path));

        Assert.Contains($"chmod 600 {path}", e.Message, StringComparison.Ordinal);
        Assert.Contains("mode 604", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_SealedWithAnotherKey_WrongKeyNamingBothKeyIdsAndTheFile()
    {
        using var first = PkiEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32), "/etc/liquidmetal/old.key");
        using var second = PkiEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32), "/etc/liquidmetal/pki.key");
        var sealedBytes = first.Seal("secret"u8, "alpha", "ca.key");

        var e = Assert.Throws<PkiException>(() => second.Open(sealedBytes, "alpha", "ca.key"));

        Assert.Equal(PkiErrorCode.WrongEncryptionKey, e.Code);
        Assert.Contains($"sealed with the PKI encryption key {first.KeyId}, but /etc/liquidmetal/pki.key holds key {second.KeyId}", e.Message, StringComparison.Ordinal);
        Assert.Contains("start the controller with the key file the PKI was made with", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("beta", "ca.key")]
    [InlineData("alpha", "sa.key")]
    public void Open_UnderAnotherClusterOrItem_FailsAuthentication(string cluster, string item)
    {
        using var key = PkiEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32), "test");
        var sealedBytes = key.Seal("secret"u8, "alpha", "ca.key");

        var e = Assert.Throws<PkiException>(() => key.Open(sealedBytes, cluster, item));

        Assert.Equal(PkiErrorCode.SealedKeyCorrupt, e.Code);
        Assert.Contains($"The sealed {item} of cluster {cluster} fails authentication", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AnyByteFlipped_FailsNeverReturnsPlaintext()
    {
        using var key = PkiEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32), "test");
        var sealedBytes = key.Seal("-----BEGIN RSA PRIVATE KEY-----"u8, "alpha", "ca.key");

        for (var i = 0; i < sealedBytes.Length; i++)
        {
            var damaged = (byte[])sealedBytes.Clone();
            damaged[i] ^= 0x01;

            var e = Assert.Throws<PkiException>(() => key.Open(damaged, "alpha", "ca.key"));

            Assert.True(e.Code is PkiErrorCode.SealedKeyCorrupt or PkiErrorCode.WrongEncryptionKey, $"byte {i}: {e.Code}");
        }

        Assert.Equal("-----BEGIN RSA PRIVATE KEY-----"u8.ToArray(), key.Open(sealedBytes, "alpha", "ca.key"));
        Assert.Throws<PkiException>(() => key.Open(sealedBytes.AsSpan(0, 20), "alpha", "ca.key"));
    }

    [Fact]
    public void Seal_SamePlaintextTwice_DifferentNonceAndCiphertext()
    {
        using var key = PkiEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32), "test");

        var a = key.Seal("same"u8, "alpha", "ca.key");
        var b = key.Seal("same"u8, "alpha", "ca.key");

        Assert.NotEqual(a, b);
        Assert.Equal(1 + 8 + 12 + 4 + 16, a.Length);
    }

    [Fact]
    public void ToString_Key_IdAndSourceButNoKeyBytes()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        using var key = PkiEncryptionKey.FromBytes(bytes, "/etc/liquidmetal/pki.key");

        var text = key.ToString();

        Assert.Equal($"PkiEncryptionKey(id {key.KeyId}, from /etc/liquidmetal/pki.key)", text);
        Assert.DoesNotContain(Convert.ToBase64String(bytes), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(bytes), text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void FromBytes_Short_EncryptionKeyUnusable()
    {
        var e = Assert.Throws<PkiException>(() => PkiEncryptionKey.FromBytes(new byte[16], "a test"));

        Assert.Equal("The PKI encryption key from a test has 16 bytes; it must have 32", e.Message);
    }

    [Fact]
    public void Seal_AfterDispose_ObjectDisposed()
    {
        var key = PkiEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32), "test");
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.Seal("x"u8, "alpha", "ca.key"));
    }
}
