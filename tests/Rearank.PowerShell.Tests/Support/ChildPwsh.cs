using System.Diagnostics;
using Rearank.Tests.Shared;

namespace Rearank.PowerShell.Tests.Support;

/// <summary>
/// A separate `dotnet pwsh` process in the repository root, for what an in-process host cannot show: exit codes,
/// a clean module path, a script run as cron would run it.
/// </summary>
public static class ChildPwsh
{
    public static (int ExitCode, string Output) Run(string command)
    {
        using var process = Start(command);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + errors.Result);
    }

    /// <summary>Starts the command and returns at once, for tests that kill it midway.</summary>
    public static Process Start(string command)
    {
        var start = new ProcessStartInfo("dotnet", ["pwsh", "-NoProfile", "-NonInteractive", "-Command", command])
        {
            WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["NO_COLOR"] = "1";
        return Process.Start(start)!;
    }
}
