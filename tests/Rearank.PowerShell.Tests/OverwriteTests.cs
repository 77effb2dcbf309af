using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>One overwrite rule for every file the module writes: kept without -Force, untouched under -WhatIf.</summary>
public sealed class OverwriteTests
{
    /// <summary>Each writer, as a script that writes to $target; the fixtures it needs are made first.</summary>
    public static TheoryData<string, string> Writers => new()
    {
        { "Export-TrecRun", "$hits | Export-TrecRun $target" },
        { "Export-RankingCsv", "$hits | Export-RankingCsv $target" },
        { "Export-RearankReport", "$hits | Export-RearankReport $target -Qrels $qrels" },
        { "Export-RankingTable", "$hits | Export-RankingTable $target -Qrels $qrels -Format Latex" },
        { "New-RearankTestModel", "New-RearankTestModel $target" },
        { "Invoke-RearankRerank -TracePath", "$hits | Invoke-RearankRerank -Session $s -TracePath $target" },
        { "Invoke-RearankRollout -Path", "$rows | Invoke-RearankRollout -Session $s -Qrels $qrels -Samples 1 -Path $target" },
        { "Export-RearankTrainingSet", "$hits | Export-RearankTrainingSet $target -Qrels $qrels -ValidationFraction 0" },
        { "New-Bm25Index", "Import-RearankDocument ./examples/data/corpus.jsonl | New-Bm25Index $target" },
        { "Invoke-Bm25Search -OutFile", "Import-RearankDocument ./examples/data/corpus.jsonl | New-Bm25Index (Join-Path $scratch idx) -Force | Out-Null; 'coffee' | Invoke-Bm25Search (Join-Path $scratch idx) -OutFile $target" },
    };

    private const string Setup = """
        New-RearankTestModel $model -Reply '<think>', 'Second.', '</think>', "`n<answer>", '[2] >', ' [1]', '</answer>' -Force | Out-Null
        $s = Open-RearankSession $model -ContextSize 4096
        $hits = @(Import-RearankCandidate $candidates)
        $qrels = [Rearank.Core.Model.Judgment[]]@([Rearank.Core.Model.Judgment]::new('1', 'b', 1))
        $rows = @($hits | Export-RearankTrainingSet (Join-Path $scratch set) -Qrels $qrels -ValidationFraction 0 -WindowSize 3 -PassThru -Force)
        """;

    [Theory]
    [MemberData(nameof(Writers))]
    public void An_existing_file_or_folder_is_kept_without_Force_and_untouched_under_WhatIf(string writer, string script)
    {
        var scratch = Fixtures.NewPath("scratch");
        Directory.CreateDirectory(scratch);
        var target = Path.Combine(scratch, "existing");
        var training = writer == "Export-RearankTrainingSet";
        var index = writer == "New-Bm25Index";
        if (training || index)
        {
            // A folder that already holds what the command writes.
            Directory.CreateDirectory(target);
            File.WriteAllText(Path.Combine(target, training ? "train.jsonl" : "rearank-index.json"), "precious");
        }
        else File.WriteAllText(target, "precious");
        var vars = new Dictionary<string, object?>
        {
            ["model"] = Path.Combine(scratch, "m.gguf"), ["candidates"] = Fixtures.CandidateFile(), ["scratch"] = scratch, ["target"] = target,
        };

        var refused = ModuleHost.Run(Setup + "\n" + script + "\n'after'", vars);
        var whatIf = ModuleHost.Run(Setup + "\n" + script + " -Force -WhatIf\n'after'", vars);

        var error = Assert.Single(refused.Errors);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        var kept = training ? Path.Combine(target, "train.jsonl") : index ? Path.Combine(target, "rearank-index.json") : target;
        Assert.Equal("precious", File.ReadAllText(kept));
        Assert.Empty(whatIf.Errors);
    }

    [Fact]
    public void Close_RearankSession_supports_WhatIf()
    {
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 1024
            Close-RearankSession $s -WhatIf
            @(Get-RearankSession).Count
            Close-RearankSession $s
            @(Get-RearankSession).Count
            """, new Dictionary<string, object?> { ["model"] = Fixtures.NewPath("m.gguf") }).AssertClean();

        Assert.Equal([1, 0], result.Output.Select(o => (int)o.BaseObject));
    }

    [Fact]
    public void Invoke_RearankRerank_WhatIf_decodes_nothing_and_emits_nothing_with_or_without_traces()
    {
        var vars = new Dictionary<string, object?> { ["model"] = Fixtures.NewPath("m.gguf"), ["candidates"] = Fixtures.CandidateFile(), ["trace"] = Fixtures.NewPath("t.jsonl") };
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096
            $hits = @(Import-RearankCandidate $candidates)
            @($hits | Invoke-RearankRerank -Session $s -MaxNewTokens 16 -WhatIf).Count
            @($hits | Invoke-RearankRerank -Session $s -MaxNewTokens 16 -TracePath $trace -WhatIf).Count
            $s.GeneratedTokens
            Test-Path $trace
            @($hits | Invoke-RearankRerank -Session $s -MaxNewTokens 16).Count -eq $hits.Count
            $s.GeneratedTokens -gt 0
            Close-RearankSession $s
            """, vars).AssertClean();

        Assert.Equal(new object[] { 0, 0, 0L, false, true, true }, result.Output.Select(o => o.BaseObject));
    }
}
