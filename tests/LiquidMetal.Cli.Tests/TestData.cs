namespace LiquidMetal.Cli.Tests;

/// <summary>Paths of the golden files and examples copied next to the test assembly.</summary>
internal static class TestData
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "testdata");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    /// <summary>The case directories under testdata/<paramref name="group"/>, for [MemberData].</summary>
    public static TheoryData<string> Cases(string group)
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(Path.Combine(Root, group)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(directory));
        }

        return data;
    }
}
