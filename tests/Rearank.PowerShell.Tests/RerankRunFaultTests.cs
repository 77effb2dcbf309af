using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;
using Rearank.Tests.Shared;

namespace Rearank.PowerShell.Tests;

/// <summary>
/// What an unattended rerank keeps when things go wrong: trace files never replaced or corrupted, resumes that
/// refuse what does not belong, and every query in the run. A scripted model (always "[2] > [1]") keeps them fast.
/// </summary>
public sealed class RerankRunFaultTests
{
    private const string Setup = """
        New-RearankTestModel $model -Reply '<think>', 'Passage 2.', '</think>', "`n<answer>", '[2] >', ' [1]', '</answer>' -Force | Out-Null
        $s = Open-RearankSession $model -ContextSize 4096
        $hits = @(Import-RearankCandidate $candidates)
        """;

    private static Dictionary<string, object?> Paths()
    {
        var folder = Fixtures.NewPath("run");
        Directory.CreateDirectory(folder);
        return new()
        {
            ["model"] = Path.Combine(folder, "scripted.gguf"), ["candidates"] = Fixtures.CandidateFile(), ["folder"] = folder,
            ["trace"] = Path.Combine(folder, "trace.jsonl"),
        };
    }

    [Fact]
    public void An_existing_trace_file_is_kept_unless_Force()
    {
        var vars = Paths();
        File.WriteAllText((string)vars["trace"]!, "precious\n");
        var result = ModuleHost.Run(Setup + "\n" + """
            $hits | Invoke-RearankRerank -Session $s -TracePath $trace
            Get-Content $trace
            $hits | Invoke-RearankRerank -Session $s -TracePath $trace -Force | Out-Null
            @(Get-Content $trace).Count
            New-RearankTestModel $model -Force | Out-Null
            """, vars);

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal("precious", result.Output[0].BaseObject);
        Assert.Equal(2, (int)result.Output[1].BaseObject);   // one line per query
    }

    [Fact]
    public void A_rollout_file_is_kept_unless_Force()
    {
        var vars = Paths();
        vars["out"] = Path.Combine((string)vars["folder"]!, "rollouts.jsonl");
        File.WriteAllText((string)vars["out"]!, "precious\n");
        var result = ModuleHost.Run(Setup + "\n" + """
            $qrels = [Rearank.Core.Model.Judgment[]]@([Rearank.Core.Model.Judgment]::new('1', 'b', 1))
            $rows = $hits | Export-RearankTrainingSet (Join-Path $folder set) -Qrels $qrels -ValidationFraction 0 -WindowSize 3 -PassThru
            $rows | Invoke-RearankRollout -Session $s -Qrels $qrels -Samples 1 -Path $out
            Get-Content $out
            """, vars);

        Assert.True(result.Errors.Count == 1, string.Join(" | ", result.Errors.Select(e => e.ToString())));
        Assert.Equal(ErrorCategory.ResourceExists, result.Errors[0].CategoryInfo.Category);
        Assert.Equal("precious", result.Output.Last().BaseObject);
    }

    [Fact]
    public void Resume_and_trace_naming_one_file_by_a_relative_path_or_wildcard_continue_it()
    {
        var vars = Paths();
        var result = ModuleHost.Run(Setup + "\n" + """
            $hits | Invoke-RearankRerank -Session $s -TracePath $trace | Out-Null
            Push-Location $folder
            $again = @($hits | Invoke-RearankRerank -Session $s -TracePath ./trace.jsonl -ResumeFrom 'tra*.jsonl')
            Pop-Location
            @(Get-Content $trace).Count
            $again.Count
            """, vars).AssertClean();

        Assert.Equal(2, (int)result.Output[0].BaseObject);   // replayed, not truncated, nothing added twice
        Assert.Equal(4, (int)result.Output[1].BaseObject);
    }

    [Fact]
    public void A_cut_last_line_is_set_aside_before_appending_and_bad_lines_name_file_and_line()
    {
        var vars = Paths();
        var result = ModuleHost.Run(Setup + "\n" + """
            $hits | Invoke-RearankRerank -Session $s -TracePath $trace | Out-Null
            $line = Get-Content $trace | Where-Object { $_ -match '"QueryId":"1"' }
            # Line 1 good, line 2 a permutation that repeats a passage, line 3 cut by a kill (no newline).
            $twice = $line -replace '"Permutation":\[1,0,2\]', '"Permutation":[1,1,2]' -replace '"QueryId":"1"', '"QueryId":"9"'
            [IO.File]::WriteAllText($trace, "$line`n$twice`n" + $line.Substring(0, 40))
            $out = @($hits | Invoke-RearankRerank -Session $s -TracePath $trace -ResumeFrom $trace -ErrorAction SilentlyContinue -ErrorVariable bad)
            $bad | ForEach-Object { $_.Exception.Message }
            (Get-Content "$trace.cut" -Raw).Length
            @(Get-Content $trace).Count
            """, vars);

        var messages = result.Output.Take(result.Output.Count - 2).Select(o => (string)o.BaseObject).ToList();
        Assert.True(messages.Any(m => m.Contains(":2") && m.Contains("puts passage 2 in two places")), string.Join(" | ", messages));
        Assert.Equal(40, (int)result.Output[^2].BaseObject);
        Assert.Equal(3, (int)result.Output[^1].BaseObject);   // the two whole lines (q1 replayed), then q2 appended; nothing glued to the cut one
        Assert.Contains(result.Warnings, w => w.Contains("was cut"));
    }

    [Fact]
    public void A_trace_from_other_settings_is_not_replayed_and_the_warning_names_the_difference()
    {
        var vars = Paths();
        var result = ModuleHost.Run(Setup + "\n" + """
            $hits | Invoke-RearankRerank -Session $s -TracePath $trace | Out-Null
            $before = $s.GeneratedTokens
            $hits | Invoke-RearankRerank -Session $s -ResumeFrom $trace -Template rankgpt-original | Out-Null
            $s.GeneratedTokens - $before
            """, vars).AssertClean();

        Assert.True((long)result.Output[0].BaseObject > 0);
        Assert.Contains(result.Warnings, w => w.Contains("reranked again") && w.Contains("reranker 'rearank', not 'rankgpt-original'"));
    }

    [Fact]
    public void A_query_too_long_for_the_context_stays_in_the_run_in_first_stage_order()
    {
        var vars = Paths();
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Reply '<think>', 'Passage 2.', '</think>' -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 512
            $out = @(Import-RearankCandidate $candidates | Invoke-RearankRerank -Session $s -MaxNewTokens 64)
            ($out | Sort-Object QueryId, Rank | ForEach-Object { "$($_.QueryId)/$($_.DocId)/$($_.Rank)/$($_.RunTag)" }) -join ' '
            """, vars);

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Equal("1/a/1/rearank 1/b/2/rearank 1/c/3/rearank 2/d/1/rearank", result.Output.Single().BaseObject);
    }

    [Fact]
    public void Hits_without_passages_and_queries_split_in_two_are_warned_about()
    {
        var vars = Paths();
        var result = ModuleHost.Run(Setup + "\n" + """
            $bare = $hits | ForEach-Object { $_ | Select-Object QueryId, QueryText, DocId, Rank, Score } | ForEach-Object { [Rearank.Core.Model.RankedHit]@{ QueryId = $_.QueryId; QueryText = $_.QueryText; DocId = $_.DocId; Rank = $_.Rank; Score = $_.Score } }
            $bare[0], $bare[3], $bare[1], $bare[2] | Invoke-RearankRerank -Session $s | Out-Null
            """, vars).AssertClean();

        Assert.Contains(result.Warnings, w => w.Contains("have no passage text"));
        Assert.Contains(result.Warnings, w => w.Contains("arrived in more than one group"));
    }

    [LinuxFact]
    public void A_trace_that_cannot_be_written_stops_the_rerank_with_an_error_naming_the_file()
    {
        var vars = Paths();
        var result = ModuleHost.Run(Setup + "\n" + """
            try { $hits | Invoke-RearankRerank -Session $s -TracePath /dev/full -Force | ForEach-Object { 'out' } }
            catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.Exception.Message }
            Close-RearankSession $s
            """, vars);

        var lines = result.Output.Select(o => o.BaseObject.ToString()).ToList();
        Assert.DoesNotContain("out", lines);   // no hit goes out that the trace does not hold
        Assert.StartsWith("FileWriteFailed,", lines[0]);
        Assert.Equal("WriteError", lines[1]);
        Assert.Contains("/dev/full", lines[2]);
    }

    [Fact]
    public void A_trace_in_a_missing_folder_is_a_clear_error_before_any_window()
    {
        var vars = Paths();
        vars["missing"] = Path.Combine((string)vars["folder"]!, "no-such-folder", "t.jsonl");
        var result = ModuleHost.Run(Setup + "\n" + """
            $hits | Invoke-RearankRerank -Session $s -TracePath $missing
            Close-RearankSession $s
            """, vars);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FileWriteFailed,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_new_trace_beside_the_resume_file_holds_the_replayed_queries_too()
    {
        var vars = Paths();
        vars["fresh"] = Path.Combine((string)vars["folder"]!, "fresh.jsonl");
        ModuleHost.Run(Setup + "\n" + """
            $hits | Invoke-RearankRerank -Session $s -TracePath $trace | Out-Null
            $hits | Invoke-RearankRerank -Session $s -TracePath $fresh -ResumeFrom $trace | Out-Null
            Close-RearankSession $s
            """, vars).AssertClean();

        Assert.Equal(File.ReadAllLines((string)vars["trace"]!).Order(), File.ReadAllLines((string)vars["fresh"]!).Order());
    }

    [LinuxFact]
    public void Resuming_through_a_symlink_to_the_trace_with_Force_continues_it()
    {
        var vars = Paths();
        vars["link"] = Path.Combine((string)vars["folder"]!, "link.jsonl");
        var result = ModuleHost.Run(Setup + "\n" + """
            $hits | Invoke-RearankRerank -Session $s -TracePath $trace | Out-Null
            New-Item -ItemType SymbolicLink -Path $link -Target $trace | Out-Null
            $hits | Invoke-RearankRerank -Session $s -TracePath $trace -ResumeFrom $link -Force | Out-Null
            @(Get-Content $trace).Count
            Close-RearankSession $s
            """, vars).AssertClean();

        Assert.Equal(2, (int)result.Output.Single().BaseObject);   // both queries still there, nothing emptied
    }
}
