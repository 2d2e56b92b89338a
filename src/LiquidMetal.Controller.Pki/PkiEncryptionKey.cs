using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LiquidMetal.Controller.Pki;

/// <summary>
/// The operator's key that seals the PKI's private keys at rest: 32 bytes (raw, or base64 text) in a file only its
/// owner can read. Sealing is AES-256-GCM with a random 96-bit nonce; the authenticated data binds the ciphertext
/// to its cluster and item, and a sealed key carries the key id so opening it with another key reports just that.
/// Neither <see cref="ToString"/> nor any error shows the key.
/// </summary>
/// <remarks>
/// Sealed form: <c>0x01 | key id (8) | nonce (12) | ciphertext | tag (16)</c>. Key id: the first 8 bytes of
/// SHA-256("liquidmetal-pki-key-id" || key), shown as 16 hex digits; it identifies a key without revealing it.
/// </remarks>
public sealed class PkiEncryptionKey : IDisposable
{
    public const int KeySize = 32;
    private const byte FormatVersion = 1;
    private const int KeyIdSize = 8;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + KeyIdSize + NonceSize;
    private const long MaxKeyFileBytes = 4096;

    private readonly byte[] _key;
    private readonly byte[] _keyId;
    private bool _disposed;

    private PkiEncryptionKey(byte[] key, string source)
    {
        _key = key;
        _keyId = SHA256.HashData([.. "liquidmetal-pki-key-id"u8, .. key])[..KeyIdSize];
        Source = source;
    }

    /// <summary>16 hex digits naming the key (not secret).</summary>
    public string KeyId => Convert.ToHexStringLower(_keyId);

    /// <summary>Where the key came from (its file), for messages.</summary>
    public string Source { get; }

    /// <summary>A key from its 32 bytes; <paramref name="source"/> names it in messages.</summary>
    public static PkiEncryptionKey FromBytes(ReadOnlySpan<byte> key, string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (key.Length != KeySize)
        {
            throw new PkiException(PkiErrorCode.EncryptionKeyUnusable, $"The PKI encryption key from {source} has {key.Length} bytes; it must have {KeySize}");
        }

        return new PkiEncryptionKey(key.ToArray(), source);
    }

    /// <summary>
    /// Reads the key file: exactly 32 bytes, or base64 text of 32 bytes (surrounding whitespace allowed). The file
    /// must not be readable or writable by others (group access is allowed, for a service group).
    /// </summary>
    public static PkiEncryptionKey LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var create = $"create one with: (umask 077; openssl rand -base64 {KeySize} > {full}), and keep a copy: without it the clusters' CAs cannot be read";
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw new PkiException(PkiErrorCode.EncryptionKeyUnusable, $"The PKI encryption key file {full} does not exist; {create}");
        }

        if ((info.UnixFileMode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
        {
            throw new PkiException(PkiErrorCode.EncryptionKeyUnusable,
                $"The PKI encryption key file {full} is open to other users (mode {Convert.ToString((int)info.UnixFileMode, 8)}); run: chmod 600 {full}");
        }

        if (info.Length > MaxKeyFileBytes)
        {
            throw new PkiException(PkiErrorCode.EncryptionKeyUnusable,
                $"The PKI encryption key file {full} has {info.Length} bytes; it must hold {KeySize} random bytes, raw or base64; {create}");
        }

        byte[] content;
        try
        {
            content = File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PkiException(PkiErrorCode.EncryptionKeyUnusable, $"The PKI encryption key file {full} cannot be read: {e.Message}", e);
        }

        // Base64 first: 32 random bytes are all base64 characters with odds of 4^-32, so a 32-byte file that
        // decodes is base64 text (of 24 bytes: an error), and one that does not is a raw key.
        var decoded = DecodeBase64(content);
        if (decoded is { Length: KeySize })
        {
            CryptographicOperations.ZeroMemory(content);
            return new PkiEncryptionKey(decoded, full);
        }

        if (decoded is null && content.Length == KeySize)
        {
            return new PkiEncryptionKey(content, full);
        }

        var what = decoded is null ? $"{content.Length} bytes that are neither a raw key nor base64" : $"base64 of {decoded.Length} bytes";
        CryptographicOperations.ZeroMemory(decoded);
        CryptographicOperations.ZeroMemory(content);
        throw new PkiException(PkiErrorCode.EncryptionKeyUnusable,
            $"The PKI encryption key file {full} holds {what}; it must hold {KeySize} random bytes, raw or base64; {create}");
    }

    public override string ToString() => $"PkiEncryptionKey(id {KeyId}, from {Source})";

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            CryptographicOperations.ZeroMemory(_key);
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> for <paramref name="item"/> of <paramref name="cluster"/>.</summary>
    internal byte[] Seal(ReadOnlySpan<byte> plaintext, string cluster, string item)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var sealedBytes = new byte[HeaderSize + plaintext.Length + TagSize];
        sealedBytes[0] = FormatVersion;
        _keyId.CopyTo(sealedBytes, 1);
        var nonce = sealedBytes.AsSpan(1 + KeyIdSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(HeaderSize, plaintext.Length), sealedBytes.AsSpan(HeaderSize + plaintext.Length),
            AssociatedData(sealedBytes.AsSpan(0, 1 + KeyIdSize), cluster, item));
        return sealedBytes;
    }

    /// <summary>Decrypts what <see cref="Seal"/> made for the same cluster and item.</summary>
    /// <exception cref="PkiException"><see cref="PkiErrorCode.WrongEncryptionKey"/> or <see cref="PkiErrorCode.SealedKeyCorrupt"/>.</exception>
    internal byte[] Open(ReadOnlySpan<byte> sealedBytes, string cluster, string item)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (sealedBytes.Length < HeaderSize + TagSize || sealedBytes[0] != FormatVersion)
        {
            throw new PkiException(PkiErrorCode.SealedKeyCorrupt,
                $"The sealed {item} of cluster {cluster} is not in a known format ({sealedBytes.Length} bytes); the database is damaged: restore it from a backup");
        }

        var keyId = sealedBytes.Slice(1, KeyIdSize);
        if (!keyId.SequenceEqual(_keyId))
        {
            throw new PkiException(PkiErrorCode.WrongEncryptionKey,
                $"The {item} of cluster {cluster} was sealed with the PKI encryption key {Convert.ToHexStringLower(keyId)}, but {Source} holds key {KeyId}; " +
                "start the controller with the key file the PKI was made with");
        }

        var length = sealedBytes.Length - HeaderSize - TagSize;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedBytes.Slice(1 + KeyIdSize, NonceSize), sealedBytes.Slice(HeaderSize, length), sealedBytes[^TagSize..], plaintext,
                AssociatedData(sealedBytes[..(1 + KeyIdSize)], cluster, item));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException e)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new PkiException(PkiErrorCode.SealedKeyCorrupt,
                $"The sealed {item} of cluster {cluster} fails authentication with key {KeyId}: it was altered, or belongs to another cluster or item; restore the database from a backup", e);
        }
    }

    /// <summary>"liquidmetal-pki/v1" | header | u16 length + cluster | u16 length + item (UTF-8), so no two (cluster, item) pairs collide.</summary>
    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string cluster, string item)
    {
        var context = "liquidmetal-pki/v1"u8;
        var clusterBytes = Encoding.UTF8.GetBytes(cluster);
        var itemBytes = Encoding.UTF8.GetBytes(item);
        if (clusterBytes.Length > ushort.MaxValue || itemBytes.Length > ushort.MaxValue)
        {
            throw new PkiException(PkiErrorCode.InvalidRequest, "cluster, item: must be shorter than 64 KiB");
        }

        var data = new byte[context.Length + header.Length + 2 + clusterBytes.Length + 2 + itemBytes.Length];
        var span = data.AsSpan();
        context.CopyTo(span);
        span = span[context.Length..];
        header.CopyTo(span);
        span = span[header.Length..];
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)clusterBytes.Length);
        clusterBytes.CopyTo(span[2..]);
        span = span[(2 + clusterBytes.Length)..];
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)itemBytes.Length);
        itemBytes.CopyTo(span[2..]);
        return data;
    }

    private static byte[]? DecodeBase64(byte[] content)
    {
        if (content.Any(b => b > 0x7F))
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(content).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var buffer = new byte[(text.Length * 3 / 4) + 3];
        try
        {
            return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }
}
