using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Rearank.Tests.Shared;

namespace Rearank.PowerShell.Tests.Support;

/// <summary>
/// Runs script text in an in-process PowerShell that has imported the built module (build.ps1 publishes it to
/// out/Rearank; REARANK_MODULE_PATH points elsewhere). These tests exercise the module exactly as users load it.
/// </summary>
public static class ModuleHost
{
    public static string ManifestPath { get; } = FindManifest();

    /// <summary>A shell with the module imported, the repository as its location, and the given variables set.</summary>
    public static System.Management.Automation.PowerShell CreateShell(IDictionary<string, object?>? variables = null)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(ManifestPath);
        var shell = System.Management.Automation.PowerShell.Create(state);
        if (variables is not null)
            foreach (var (name, value) in variables) shell.Runspace.SessionStateProxy.SetVariable(name, value);
        shell.Runspace.SessionStateProxy.Path.SetLocation(RepositoryRoot.Path);
        return shell;
    }

    public static ShellResult Run(string script, IDictionary<string, object?>? variables = null, string? culture = null)
    {
        using var shell = CreateShell(variables);

        var saved = (Thread.CurrentThread.CurrentCulture, Thread.CurrentThread.CurrentUICulture);
        if (culture is not null)
            Thread.CurrentThread.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo(culture);
        try
        {
            shell.AddScript(script);
            Collection<PSObject> output;
            RuntimeException? terminating = null;
            try
            {
                output = shell.Invoke();
            }
            catch (RuntimeException e)
            {
                terminating = e;
                output = [];
            }
            return new ShellResult(output, shell.Streams.Error.ToList(), shell.Streams.Warning.Select(w => w.Message).ToList(), terminating);
        }
        finally
        {
            (Thread.CurrentThread.CurrentCulture, Thread.CurrentThread.CurrentUICulture) = saved;
        }
    }

    private static string FindManifest()
    {
        var folder = Environment.GetEnvironmentVariable("REARANK_MODULE_PATH") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryRoot.Path, "out", "Rearank");
        var manifest = Path.Combine(folder, "Rearank.psd1");
        if (!File.Exists(manifest))
            throw new InvalidOperationException($"The module is not built ({manifest} is missing). Run: dotnet pwsh ./build.ps1 test");
        return manifest;
    }
}

/// <summary>What a script produced: its output, its non-terminating errors, warnings, and a terminating error if any.</summary>
public sealed record ShellResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Warnings,
    RuntimeException? Terminating)
{
    public T Property<T>(int index, string name) => LanguagePrimitives.ConvertTo<T>(Output[index].Properties[name].Value);

    public IEnumerable<T> Values<T>(string name) => Output.Select(o => LanguagePrimitives.ConvertTo<T>(o.Properties[name].Value));

    public ShellResult AssertClean()
    {
        if (Terminating is not null) throw new Xunit.Sdk.XunitException($"Script failed: {Terminating.Message}");
        if (Errors.Count > 0) throw new Xunit.Sdk.XunitException($"Script wrote errors: {string.Join(" | ", Errors.Select(e => e.ToString()))}");
        return this;
    }
}
