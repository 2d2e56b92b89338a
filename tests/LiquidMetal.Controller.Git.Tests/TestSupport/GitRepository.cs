using System.Diagnostics;

namespace LiquidMetal.Controller.Git.Tests.TestSupport;

/// <summary>A real repository made with the git CLI in a temporary directory, committed to as a test needs.</summary>
public sealed class GitRepository : IDisposable
{
    private readonly TempDirectory _dir = new();

    private GitRepository()
    {
    }

    public string Path => _dir.Path;

    public static GitRepository Create()
    {
        var repo = new GitRepository();
        repo.Git("init", "--quiet", "--initial-branch=main");
        repo.Git("config", "user.email", "test@liquidmetal.dev");
        repo.Git("config", "user.name", "test");
        repo.Git("config", "commit.gpgsign", "false");
        return repo;
    }

    public void Write(string relative, string content) => _dir.Write(relative, content);

    public void Delete(string relative) => File.Delete(_dir.Combine(relative));

    /// <summary>Commits everything in the work tree and returns the commit sha.</summary>
    public string Commit(string message = "change")
    {
        Git("add", "--all");
        Git("commit", "--quiet", "--allow-empty", "-m", message);
        return Head();
    }

    public string Head() => Git("rev-parse", "HEAD").Trim();

    public void Checkout(string branch, bool create = false)
    {
        if (create)
        {
            Git("checkout", "--quiet", "-b", branch);
        }
        else
        {
            Git("checkout", "--quiet", branch);
        }
    }

    public string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? stdout.Result
            : throw new InvalidOperationException($"git {string.Join(' ', args)} exited {process.ExitCode}: {stderr}");
    }

    public void Dispose() => _dir.Dispose();
}
