using System.IO.Compression;
using System.Text;
using LiquidMetal.Agent.IntegrationTests.Harness.CloudInit;

namespace LiquidMetal.Agent.IntegrationTests.HarnessTests;

/// <summary>The boot test's reading of bootstrap data: a wrong expectation would pass or fail the boot test for the wrong reason.</summary>
public sealed class CloudConfigExpectationsTests
{
    private const string MetaData = "instance_id: ignored\nlocal_hostname: cp-0.edge.example\n";

    [Fact]
    public void From_JinjaUserData_RendersMetaDataVariablesInFileContent()
    {
        var data = new NodeBootstrapData(
            "## template: jinja\n#cloud-config\nwrite_files:\n- path: /run/kubeadm/kubeadm.yaml\n  content: |\n    name: '{{ ds.meta_data.local_hostname }}'\n    id: microvm://h/{{ v1.instance_id }}\n",
            null, MetaData);

        var file = Assert.Single(CloudConfigExpectations.From(data, "uid-1", "vm").Files);

        Assert.Equal("name: 'cp-0.edge.example'\nid: microvm://h/uid-1\n", Encoding.UTF8.GetString(file.Content));
    }

    [Fact]
    public void From_UnknownJinjaVariable_Throws()
    {
        var data = new NodeBootstrapData("## template: jinja\n#cloud-config\nhostname: '{{ ds.meta_data.region }}'\n", null, MetaData);

        var error = Assert.Throws<NotSupportedException>(() => CloudConfigExpectations.From(data, "uid-1", "vm"));

        Assert.Contains("ds.meta_data.region", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_WriteFilesVariants_DecodesModesOwnersAndEncodings()
    {
        var gzip = new MemoryStream();
        using (var zip = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true))
        {
            zip.Write("zipped\n"u8);
        }

        var data = new NodeBootstrapData($"""
            #cloud-config
            write_files:
            - path: /a
              permissions: '0600'
              content: plain
            - path: /b
              permissions: 0640
              owner: daemon
              encoding: b64
              content: {Convert.ToBase64String("bytes"u8)}
            - path: /c
              permissions: 384
              encoding: gz+b64
              content: {Convert.ToBase64String(gzip.ToArray())}
            - path: /d
              owner: nobody:nogroup
            - path: /a
              append: true
              content: " more"
            """, null, MetaData);

        var files = CloudConfigExpectations.From(data, "uid-1", "vm").Files;

        Assert.Equal(["/a", "/b", "/c", "/d"], files.Select(f => f.Path));
        // cloud-init sets each entry's mode, the default one too: the appending entry leaves /a at 0644.
        Assert.Equal(["0644", "0640", "0600", "0644"], files.Select(f => f.ModeText));
        Assert.Equal(["root:root", "daemon:root", "root:root", "nobody:nogroup"], files.Select(f => $"{f.Owner}:{f.Group}"));
        Assert.Equal(["plain more", "bytes", "zipped\n", ""], files.Select(f => Encoding.UTF8.GetString(f.Content)));
        Assert.All(files, f => Assert.False(f.Append));
    }

    [Fact]
    public void From_UserAndVendorData_UserDataKeysWinAndVendorDataFillsTheRest()
    {
        var data = new NodeBootstrapData(
            "#cloud-config\nruncmd:\n- 'kubeadm init --config /run/kubeadm/kubeadm.yaml  && echo success > /run/cluster-api/bootstrap-success.complete'\n",
            "#cloud-config\nhostname: cp-0.edge.example\nusers:\n- name: root\n  ssh_authorized_keys:\n  - ssh-ed25519 AAAA op@site\nruncmd:\n- kubeadm reset -f\n",
            MetaData);

        var expected = CloudConfigExpectations.From(data, "uid-1", "vm");

        Assert.Equal("cp-0", expected.Hostname);
        Assert.Equal(["ssh-ed25519 AAAA op@site"], expected.RootSshKeys);
        var command = Assert.Single(expected.KubeadmCommands);
        Assert.Equal(["init", "--config", "/run/kubeadm/kubeadm.yaml"], command);
    }

    [Theory]
    [InlineData("#cloud-config\n", "cp-0")] // meta-data's local-hostname, cut at the first dot
    [InlineData("#cloud-config\nhostname: node-a\n", "node-a")]
    [InlineData("#cloud-config\nfqdn: node-b.example\n", "node-b")]
    [InlineData("#cloud-config\nfqdn: node-c.example\nhostname: short-c\n", "short-c")]
    public void From_HostnameSources_SetsCloudInitsShortHostname(string userData, string hostname)
    {
        Assert.Equal(hostname, CloudConfigExpectations.From(new NodeBootstrapData(userData, null, MetaData), "uid-1", "vm").Hostname);
    }

    [Fact]
    public void ShellWords_QuotesAndOperators_SplitAsAShellWould()
    {
        Assert.Equal(["kubeadm", "join", "--config", "/run/a b.yaml", "&&", "echo", "it's"],
            CloudConfigExpectations.ShellWords("kubeadm join  --config '/run/a b.yaml' && echo \"it's\""));
    }
}
