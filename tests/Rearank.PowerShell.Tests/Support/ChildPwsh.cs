using System.Diagnostics;
using Rearank.Tests.Shared;

namespace Rearank.PowerShell.Tests.Support;

/// <summary>
/// A separate `dotnet pwsh` process in the repository root, for what an in-process host cannot show: exit codes,
/// a clean module path, a script run as cron would run it.
/// </summary>
public static class ChildPwsh
{
    /// <summary>A child still running after this is hung, not slow: it is killed and the test fails with what it printed.</summary>
    private static readonly TimeSpan HungAfter = TimeSpan.FromMinutes(10);

    /// <summary>Runs the command to its end; with <paramref name="cpus"/> (a taskset list such as "0"), on those CPUs only.</summary>
    public static (int ExitCode, string Output) Run(string command, string? cpus = null)
    {
        using var process = Start(command, cpus);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(HungAfter))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"The child pwsh ran past {HungAfter.TotalMinutes} minutes and was killed. It printed:\n{output.Result}{errors.Result}");
        }
        process.WaitForExit();   // the output readers finish
        return (process.ExitCode, output.Result + errors.Result);
    }

    /// <summary>Starts the command and returns at once, for tests that kill it midway.</summary>
    public static Process Start(string command, string? cpus = null)
    {
        string[] pwsh = ["pwsh", "-NoProfile", "-NonInteractive", "-Command", command];
        var start = new ProcessStartInfo(cpus is null ? "dotnet" : "taskset", cpus is null ? pwsh : ["-c", cpus, "dotnet", .. pwsh])
        {
            WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["NO_COLOR"] = "1";
        return Process.Start(start)!;
    }
}
