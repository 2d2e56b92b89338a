using LiquidMetal.Agent.Linux.Images;

namespace LiquidMetal.Agent.Linux.Tests.Images;

public sealed class FileImageReferenceTests
{
    [Theory]
    [InlineData("vmlinux")]
    [InlineData("vmlinux-5.10.77")]
    [InlineData("kernels/6.1/vmlinux")]
    [InlineData("/var/lib/images/root.ext4")]
    [InlineData("./ubuntu:24.04.img")]
    [InlineData("../x")]
    [InlineData("file:///var/lib/images/vmlinux")]
    [InlineData("ubuntu")]
    public void IsFileReference_PathLike_IsTrue(string reference) =>
        Assert.True(FileImageReference.IsFileReference(reference));

    [Theory]
    [InlineData("ghcr.io/weaveworks-liquidmetal/flintlock-kernel:5.10.77")]
    [InlineData("ghcr.io/x/y")]
    [InlineData("docker.io/library/ubuntu")]
    [InlineData("ubuntu:24.04")]
    [InlineData("localhost/kernel")]
    [InlineData("localhost:5000/kernel")]
    [InlineData("kernel@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("oci://ghcr.io/x/y")]
    [InlineData("")]
    public void IsFileReference_OciLike_IsFalse(string reference) =>
        Assert.False(FileImageReference.IsFileReference(reference));

    [Theory]
    [InlineData("kernels/vmlinux")]
    [InlineData("/abs/elsewhere")]
    [InlineData("a/../b")]
    [InlineData("file:///a%20b")]
    public void Validate_ValidReference_ReturnsNoErrors(string reference) =>
        Assert.Empty(FileImageReference.Validate(reference));

    [Theory]
    [InlineData("", "is required")]
    [InlineData("../x", "escapes the images directory")]
    [InlineData("a/../../x", "escapes the images directory")]
    [InlineData("file://host/x", "file:///")]
    [InlineData("file:///x?y", "query or fragment")]
    [InlineData("ghcr.io/x/y:1", "not a file reference")]
    [InlineData("bad\u0001name", "control characters")]
    public void Validate_InvalidReference_ReturnsMessage(string reference, string message) =>
        Assert.Contains(FileImageReference.Validate(reference), e => e.Contains(message, StringComparison.Ordinal));

    [Fact]
    public void ToPath_FileUri_DecodesPercentEscapes() =>
        Assert.Equal("/a b/c", FileImageReference.ToPath("file:///a%20b/c"));
}
