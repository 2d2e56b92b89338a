using LiquidMetal.Oci.Content;
using LiquidMetal.Oci.Pull;
using LiquidMetal.Oci.Registry;

namespace LiquidMetal.Oci.Tests.Infrastructure;

/// <summary>A client, a fresh blob store in a temp directory and a puller over both, disposed together.</summary>
public sealed class StoreScope : IDisposable
{
    private readonly TempDirectory _directory = new("lm-blobs");

    public StoreScope(OciClientOptions options)
    {
        Client = new OciRegistryClient(options);
        Store = BlobStore.Open(_directory.Path);
        Puller = new ImagePuller(Client, Store);
    }

    public OciRegistryClient Client { get; }

    public BlobStore Store { get; }

    public ImagePuller Puller { get; }

    public string Root => _directory.Path;

    public void Dispose()
    {
        Client.Dispose();
        _directory.Dispose();
    }
}
