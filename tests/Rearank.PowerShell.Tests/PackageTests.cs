using Rearank.PowerShell.Tests.Support;
using Rearank.Tests.Shared;

namespace Rearank.PowerShell.Tests;

/// <summary>The package build.ps1 makes installs from a local repository into a fresh pwsh and runs the README demo.</summary>
public sealed class PackageTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public void The_package_installs_into_a_fresh_module_path_and_runs_the_demo()
    {
        var packages = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "out", "packages"), "Rearank.*.nupkg", SearchOption.AllDirectories);
        Assert.True(packages.Length == 1, "Expected one package under out/packages: run dotnet pwsh ./build.ps1 test (it packages first).");
        var repository = temp.PathOf("repository");
        var modules = temp.PathOf("modules");
        Directory.CreateDirectory(repository);
        Directory.CreateDirectory(modules);
        File.Copy(packages[0], Path.Combine(repository, Path.GetFileName(packages[0])));
        var name = "RearankTest" + Guid.NewGuid().ToString("N")[..8];

        var install = ChildPwsh.Run($"Register-PSResourceRepository -Name {name} -Uri '{repository}' -Trusted; " +
                           $"try {{ $found = Find-PSResource -CommandName Invoke-Bm25Search -Repository {name}; 'by command: ' + $found.ParentResource.Name; " +
                           $"'tags: ' + ((Find-PSResource -Name Rearank -Repository {name}).Tags -join ','); " +
                           $"Save-PSResource -Name Rearank -Repository {name} -Path '{modules}' -TrustRepository }} finally {{ Unregister-PSResourceRepository -Name {name} }}");
        Assert.True(install.ExitCode == 0, install.Output);
        Assert.Contains("by command: Rearank", install.Output);
        Assert.Contains("CPU", install.Output);
        Assert.DoesNotContain("PSDscResource", install.Output);
        var installed = Directory.GetDirectories(Path.Combine(modules, "Rearank")).Single();
        Assert.True(File.Exists(Path.Combine(installed, "LICENSE")));
        Assert.Contains("LicenseUri", File.ReadAllText(Path.Combine(installed, "Rearank.psd1")));

        var demo = ChildPwsh.Run($"$env:PSModulePath = '{modules}' + [IO.Path]::PathSeparator + $env:PSModulePath; " +
                        $"& ./examples/demo.ps1 -ModulePath Rearank -OutputDirectory '{temp.PathOf("demo")}'; " +
                        "'installed from: ' + (Get-Module Rearank).ModuleBase");
        Assert.True(demo.ExitCode == 0, demo.Output);
        Assert.Contains("Run quality", demo.Output);
        Assert.Contains($"installed from: {modules}", demo.Output);
    }

    public void Dispose() => temp.Dispose();
}
