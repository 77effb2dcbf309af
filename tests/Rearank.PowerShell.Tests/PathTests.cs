using Rearank.Tests.Shared;
using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>Paths as Get-Content has them: -Path takes wildcards, -LiteralPath takes names as written, nothing is silent.</summary>
public sealed class PathTests
{
    private static Dictionary<string, object?> Folder()
    {
        var folder = Fixtures.NewPath("paths");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "run[1].txt"), "q1 Q0 a 1 2 tag\nq1 Q0 b 2 1 tag\n");
        File.WriteAllText(Path.Combine(folder, "run2.txt"), "q1 Q0 b 1 2 other\nq1 Q0 a 2 1 other\n");
        File.WriteAllText(Path.Combine(folder, "qrels.txt"), "q1 0 b 1\n");
        return new() { ["folder"] = folder };
    }

    [Fact]
    public void A_file_with_brackets_in_its_name_reads_by_LiteralPath_and_through_Get_Item()
    {
        var result = ModuleHost.Run("""
            @(Import-TrecRun -LiteralPath (Join-Path $folder 'run[1].txt')).Count
            @(Get-Item -LiteralPath (Join-Path $folder 'run[1].txt') | Import-TrecRun).Count
            """, Folder()).AssertClean();

        Assert.Equal([2, 2], result.Output.Select(o => (int)o.BaseObject));
    }

    [Fact]
    public void A_pattern_that_matches_nothing_is_an_error_even_when_a_literal_file_has_that_name()
    {
        var result = ModuleHost.Run("""
            $ErrorActionPreference = 'Continue'
            Import-TrecRun (Join-Path $folder 'run[1].txt')
            Import-TrecRun (Join-Path $folder 'nothing-*.txt')
            Import-TrecRun -LiteralPath (Join-Path $folder 'absent.txt')
            Measure-RankingQuality -Run (Join-Path $folder 'run[1].txt') -Qrels (Join-Path $folder 'qrels.txt')
            """, Folder());

        Assert.Equal(4, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category));
        Assert.All(result.Errors, e => Assert.StartsWith("PathNotFound", e.FullyQualifiedErrorId));
        Assert.Contains("-LiteralPath", result.Errors[0].Exception.Message);
    }

    [Fact]
    public void Get_ChildItem_output_binds_to_Measure_RankingQuality_one_run_per_file()
    {
        var result = ModuleHost.Run("""
            Get-ChildItem (Join-Path $folder 'run*.txt') | Measure-RankingQuality -Qrels (Join-Path $folder 'qrels.txt') -Metric recip_rank |
                ForEach-Object { "$($_.RunTag) $($_.Value)" }
            """, Folder()).AssertClean();

        Assert.Equal(["other 1", "tag 0.5"], result.Output.Select(o => (string)o.BaseObject).Order());
    }

    [Fact]
    public void File_objects_name_run_and_qrels_files_exactly_where_a_string_would_be_a_pattern()
    {
        var vars = Folder();
        File.Move(Path.Combine((string)vars["folder"]!, "qrels.txt"), Path.Combine((string)vars["folder"]!, "qrels[a].txt"));
        var result = ModuleHost.Run("""
            $run = Get-Item -LiteralPath (Join-Path $folder 'run[1].txt')
            $qrels = Get-Item -LiteralPath (Join-Path $folder 'qrels[a].txt')
            (Measure-RankingQuality -Run $run -Qrels $qrels -Metric recip_rank).Value
            (Compare-RankingRun -Baseline $run -Run (Join-Path $folder 'run2.txt') -Qrels $qrels -Metric recip_rank -Permutations 100).MeanDifference
            """, vars).AssertClean();

        Assert.Equal([0.5, 0.5], result.Output.Select(o => (double)o.BaseObject));
    }

    [Fact]
    public void File_objects_name_a_corpus_and_a_resume_file_with_brackets_in_their_names()
    {
        var vars = Folder();
        var folder = (string)vars["folder"]!;
        File.Copy(Path.Combine(RepositoryRoot.Path, "examples", "data", "corpus.jsonl"), Path.Combine(folder, "corpus[v1].jsonl"));
        vars["model"] = Path.Combine(folder, "m.gguf");
        var result = ModuleHost.Run("""
            New-Bm25Index (Join-Path $folder 'idx[1]') -CorpusPath (Get-Item -LiteralPath (Join-Path $folder 'corpus[v1].jsonl')) | ForEach-Object DocumentCount
            New-RearankTestModel $model -Reply '<think>', 'Second.', '</think>', "`n<answer>", '[2] >', ' [1]', '</answer>' | Out-Null
            $s = Open-RearankSession $model -ContextSize 8192
            $hits = @(Import-RearankQuery ./examples/data/queries.jsonl | Select-Object -First 2 | Invoke-Bm25Search -Index (Join-Path $folder 'idx[1]') -Top 3)
            $hits | Invoke-RearankRerank -Session $s -WindowSize 3 -TracePath (Join-Path $folder 'trace[1].jsonl') | Out-Null
            $before = $s.GeneratedTokens
            $trace = Get-Item -LiteralPath (Join-Path $folder 'trace[1].jsonl')
            @($hits | Invoke-RearankRerank -Session $s -WindowSize 3 -ResumeFrom $trace).Count
            $s.GeneratedTokens - $before
            Close-RearankSession $s
            """, vars).AssertClean();

        Assert.Equal([48L, 6L, 0L], result.Output.Select(o => Convert.ToInt64(o.BaseObject)));
    }
}
