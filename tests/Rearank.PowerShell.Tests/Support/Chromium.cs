using System.Diagnostics;

namespace Rearank.PowerShell.Tests.Support;

/// <summary>
/// Headless Chromium for the report tests: REARANK_CHROMIUM, or chromium / chromium-browser / google-chrome on PATH.
/// .ci/run installs Debian's chromium where it is missing.
/// </summary>
public static class Chromium
{
    public static string? Executable { get; } = Find();

    /// <summary>
    /// Loads a page and lets its scripts run; returns the DOM they left (or, given a screenshot path, writes the
    /// screenshot instead and returns no DOM) and the browser's log.
    /// </summary>
    public static (string Dom, string Log) Load(string htmlPath, string? screenshotPath = null)
    {
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("Chromium is not installed."))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // --no-sandbox: CI runs as root; the log flags make console messages and uncaught errors appear on stderr.
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", "--window-size=1280,1600" })
            start.ArgumentList.Add(arg);
        start.ArgumentList.Add(screenshotPath is null ? "--dump-dom" : $"--screenshot={screenshotPath}");
        start.ArgumentList.Add(new Uri(htmlPath).AbsoluteUri);
        using var process = Process.Start(start)!;
        var log = process.StandardError.ReadToEndAsync();
        var dom = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000)) process.Kill(entireProcessTree: true);
        return (dom, log.Result);
    }

    /// <summary>The console messages and uncaught script errors in a Chromium log.</summary>
    public static IReadOnlyList<string> ConsoleMessages(string log) =>
        log.Split('\n').Where(line => line.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("REARANK_CHROMIUM") is { Length: > 0 } configured && File.Exists(configured)) return configured;
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => folders.Select(folder => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>A test that needs a headless Chromium; skipped, with the reason shown, where none is installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Executable is null) Skip = "No Chromium here (install Debian's chromium, or set REARANK_CHROMIUM): the report is not opened in a browser.";
    }
}
