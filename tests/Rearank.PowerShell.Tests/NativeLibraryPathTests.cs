using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>
/// Open-RearankSession -NativeLibraryPath: the module's own CPU build, named as a folder, reranks as the default does
/// (in a child process, since llama.cpp is loaded once per process); a library that is not the llama.cpp LLamaSharp
/// binds is refused before it is loaded, naming what it lacks.
/// </summary>
public sealed class NativeLibraryPathTests
{
    private static string NativeFolder(string variant) =>
        Path.Combine(Path.GetDirectoryName(ModuleHost.ManifestPath)!, "Dependencies", "runtimes", "linux-x64", "native", variant);

    [LinuxFact]
    public void The_modules_own_cpu_build_named_as_a_folder_loads_and_reranks()
    {
        var model = Fixtures.NewPath("scripted.gguf");
        var (exitCode, output) = ChildPwsh.Run($$"""
            Import-Module '{{ModuleHost.ManifestPath}}'
            New-RearankTestModel '{{model}}' -Reply '<think>', 'xy', '</think>', "`n<answer>", '[2] >', ' [1]', '</answer>' -Force | Out-Null
            $s = Open-RearankSession '{{model}}' -ContextSize 4096 -NativeLibraryPath '{{NativeFolder("noavx")}}'
            $hits = 1..2 | ForEach-Object { [Rearank.Core.Model.RankedHit]@{ QueryId = 'q'; QueryText = 'q'; DocId = "d$_"; Rank = $_; Score = 3 - $_; Text = "passage $_" } }
            'order=' + (($hits | Invoke-RearankRerank -Session $s).DocId -join ',')
            'natives=' + [Rearank.Core.Inference.NativeLibraryFolder]::Current
            Close-RearankSession $s
            """);

        Assert.True(exitCode == 0, output);
        Assert.Contains("order=d2,d1", output);
        Assert.Contains("natives=" + NativeFolder("noavx"), output);
    }

    [LinuxFact]
    public void A_library_that_is_not_the_bound_llama_cpp_is_refused_naming_what_it_lacks()
    {
        // ggml's base library under llama's name: it loads, but exports none of llama's functions.
        var folder = Fixtures.NewPath("not-llama");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(NativeFolder("noavx"), "libggml-base.so"), Path.Combine(folder, "libllama.so"));
        var empty = Fixtures.NewPath("empty-natives");
        Directory.CreateDirectory(empty);
        var vars = new Dictionary<string, object?> { ["model"] = Fixtures.NewPath("m.gguf"), ["folder"] = folder, ["empty"] = empty };

        var wrong = ModuleHost.Run("New-RearankTestModel $model -Force | Out-Null; Open-RearankSession $model -NativeLibraryPath $folder", vars);
        var none = ModuleHost.Run("New-RearankTestModel $model -Force | Out-Null; Open-RearankSession $model -NativeLibraryPath $empty", vars);

        var error = Assert.Single(wrong.Errors);
        Assert.Equal("NativeLibraryMismatch,Rearank.PowerShell.Commands.OpenRearankSessionCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Matches(@"lacks \d+ of the functions LLamaSharp 0\.30 calls \(llama_", error.Exception.Message);
        Assert.Contains("815a2a59", error.Exception.Message);
        Assert.Contains("There is no libllama.so", Assert.Single(none.Errors).Exception.Message);
    }
}
