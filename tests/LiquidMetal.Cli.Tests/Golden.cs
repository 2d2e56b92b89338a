using System.Runtime.CompilerServices;

namespace LiquidMetal.Cli.Tests;

/// <summary>
/// Compares output with a golden file under testdata/. Run with LM_UPDATE_GOLDEN=1 to rewrite the files
/// in the source tree from the actual output (then review the diff).
/// </summary>
internal static class Golden
{
    public static void AssertMatches(string actual, string[] relativePath, [CallerFilePath] string callerFile = "")
    {
        if (Environment.GetEnvironmentVariable("LM_UPDATE_GOLDEN") == "1")
        {
            var projectDirectory = FindProjectDirectory(callerFile);
            File.WriteAllText(Path.Combine([projectDirectory, "testdata", .. relativePath]), actual);
            return;
        }

        Assert.Equal(File.ReadAllText(TestData.File(relativePath)), actual);
    }

    private static string FindProjectDirectory(string file)
    {
        for (var directory = Path.GetDirectoryName(file); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "LiquidMetal.Cli.Tests.csproj")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException($"no test project above {file}");
    }
}
