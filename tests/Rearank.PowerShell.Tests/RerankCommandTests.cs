using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>
/// Reranking through the real llama.cpp code with generated random models: the order they produce is meaningless,
/// but loading, templating, batching, grammar, decoding, parsing and the pipeline are the real ones.
/// </summary>
public sealed class RerankCommandTests
{
    private const string Setup = """
        New-RearankTestModel $model -Force | Out-Null
        Import-RearankDocument ./examples/data/corpus.jsonl | New-Bm25Index $index | Out-Null
        $hits = @(Import-RearankQuery ./examples/data/queries.jsonl | Select-Object -First 3 | Invoke-Bm25Search -Index $index -Top 8)
        """;

    private static Dictionary<string, object?> Paths() => new()
    {
        ["model"] = Fixtures.NewPath("tiny.gguf"), ["index"] = Fixtures.NewPath("index"), ["trace"] = Fixtures.NewPath("trace.jsonl"),
    };

    [Fact]
    public void Reranking_emits_a_permutation_per_query_with_traces_and_strictly_decreasing_scores()
    {
        var paths = Paths();
        var result = ModuleHost.Run(Setup + "\n" + """
            Open-RearankSession $model -ContextSize 16384 -MaxParallel 4 -ForceAnswer | Out-Null
            $hits | Invoke-RearankRerank -WindowSize 4 -Step 2 -MaxNewTokens 96 -TracePath $trace
            Close-RearankSession
            """, paths);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        var byQuery = result.Output.GroupBy(o => (string)o.Properties["QueryId"].Value).ToList();
        Assert.Equal(3, byQuery.Count);
        foreach (var query in byQuery)
        {
            var hits = query.ToList();
            Assert.Equal(Enumerable.Range(1, 8), hits.Select(h => (int)h.Properties["Rank"].Value));
            Assert.Equal(Enumerable.Range(1, 8), hits.Select(h => (int)h.Properties["OriginalRank"].Value!).Order());
            var scores = hits.Select(h => (double)h.Properties["Score"].Value).ToList();
            Assert.True(scores.Zip(scores.Skip(1)).All(p => p.First > p.Second));
            var trace = hits[0].Properties["Trace"].Value;
            var windows = ((System.Collections.IEnumerable)PSObject.AsPSObject(trace).Properties["Windows"].Value).Cast<object>().Select(PSObject.AsPSObject).ToList();
            // 8 hits, window 4, step 2: [4,8) [2,6) [0,4).
            Assert.Equal(["4-8", "2-6", "0-4"], windows.Select(w => $"{w.Properties["Start"].Value}-{w.Properties["End"].Value}"));
            // A random model answers only through the guard, which takes over for the last tokens of each window.
            Assert.All(windows, w => Assert.Matches(@"<answer>\s?\[\d\].*</answer>$", (string)w.Properties["RawOutput"].Value));
            Assert.All(windows, w => Assert.Equal("token budget", (string)PSObject.AsPSObject(w.Properties["AnswerGuard"].Value).Properties["Reason"].Value));
        }
        Assert.Equal(3, File.ReadAllLines((string)paths["trace"]!).Length);
    }

    [Fact]
    public void A_fixed_seed_reproduces_the_output_and_batched_equals_one_at_a_time()
    {
        var result = ModuleHost.Run(Setup + "\n" + """
            # Random weights leave logits nearly tied, where llama.cpp's float sums, which depend on what else is in
            # the batch, may flip a free choice: the random model is reproduced one window at a time, and batched
            # against one-at-a-time is checked on a scripted model, whose margins are clear.
            $one = Open-RearankSession $model -ContextSize 16384 -MaxParallel 1
            $a = $hits | Invoke-RearankRerank -Session $one -WindowSize 4 -Step 2 -MaxNewTokens 64 -MaxConcurrentQueries 1
            $b = $hits | Invoke-RearankRerank -Session $one -WindowSize 4 -Step 2 -MaxNewTokens 64 -MaxConcurrentQueries 1
            function Key($run) { ($run | Sort-Object QueryId, Rank | ForEach-Object { "$($_.QueryId)/$($_.DocId)/$($_.Trace.Windows[0].RawOutput)" }) -join '|' }
            (Key $a) -ceq (Key $b)
            $one | Close-RearankSession
            New-RearankTestModel $model -Reply '<think>', 'Passage 3 is best.', '</think>', "`n<answer>", '[3] >', ' [1]', '</answer>' -Force | Out-Null
            $batched = Open-RearankSession $model -ContextSize 16384 -MaxParallel 4
            $a = $hits | Invoke-RearankRerank -Session $batched -WindowSize 4 -Step 2 -MaxNewTokens 64
            $single = Open-RearankSession $model -ContextSize 16384 -MaxParallel 1
            $c = $hits | Invoke-RearankRerank -Session $single -WindowSize 4 -Step 2 -MaxNewTokens 64 -MaxConcurrentQueries 1
            $batched, $single | Close-RearankSession
            (Key $a) -ceq (Key $c)
            """, Paths()).AssertClean();

        Assert.Equal([true, true], result.Output.Select(o => (bool)o.BaseObject));
    }

    [Fact]
    public void The_session_applies_the_gguf_chat_template_exactly_as_the_golden_chatml()
    {
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Force | Out-Null
            $s = Open-RearankSession $model
            $passages = [string[]]@('A flea can live up to a year.', 'Title: Flea control Content: Treat pets and the home.')
            $messages = [Rearank.Core.Reranking.PromptTemplates]::Rearank.Messages('how long is life cycle of flea', $passages)
            $s.Render($messages) -ceq [Rearank.Core.Reranking.ChatMl]::Render($messages)
            Close-RearankSession $s
            """, Paths()).AssertClean();

        Assert.True((bool)result.Output[0].BaseObject);
    }

    [Fact]
    public void Unparsable_answers_keep_the_order_with_a_warning()
    {
        var result = ModuleHost.Run(Setup + "\n" + """
            Open-RearankSession $model -ContextSize 16384 | Out-Null
            $hits | Invoke-RearankRerank -WindowSize 4 -Step 2 -MaxNewTokens 24
            Close-RearankSession
            """, Paths());

        Assert.Empty(result.Errors);
        Assert.Equal(24, result.Output.Count);
        Assert.Contains(result.Warnings, w => w.Contains("did not rank every passage"));
    }

    [Fact]
    public void A_missing_or_damaged_model_is_a_clear_terminating_error()
    {
        var vars = Paths();
        File.WriteAllBytes((string)vars["model"]!, "GGUF not really a model"u8.ToArray());

        var result = ModuleHost.Run("""
            Open-RearankSession ./no/such/model.gguf
            Open-RearankSession $model
            'after'
            """, vars);

        Assert.Equal([ErrorCategory.ObjectNotFound, ErrorCategory.InvalidData], result.Errors.Select(e => e.CategoryInfo.Category));
        Assert.Contains("not a model llama.cpp can load", result.Errors[1].Exception.Message);
        Assert.Equal("after", result.Output.Single().BaseObject);
    }

    [Fact]
    public void A_window_too_long_for_the_context_is_reported_per_query_not_crashed_on()
    {
        var result = ModuleHost.Run(Setup + "\n" + """
            Open-RearankSession $model -ContextSize 512 | Out-Null
            $hits | Invoke-RearankRerank -WindowSize 4 -Step 2 -MaxNewTokens 64
            Close-RearankSession
            'done'
            """, Paths());

        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.LimitsExceeded, e.CategoryInfo.Category));
        Assert.Contains("Raise -ContextSize", result.Errors[0].Exception.Message);
        Assert.Equal("done", result.Output.Last().BaseObject);
    }

    [Fact]
    public void Resuming_from_a_trace_replays_finished_queries_without_the_model()
    {
        var result = ModuleHost.Run(Setup + "\n" + """
            $s = Open-RearankSession $model -ContextSize 16384
            $first = $hits | Invoke-RearankRerank -WindowSize 4 -Step 2 -MaxNewTokens 64 -TracePath $trace
            $before = $s.GeneratedTokens
            $again = $hits | Invoke-RearankRerank -WindowSize 4 -Step 2 -MaxNewTokens 64 -ResumeFrom $trace -TracePath $trace
            $s.GeneratedTokens - $before
            (($first | ForEach-Object { "$($_.QueryId)/$($_.Rank)/$($_.DocId)" }) -join ';') -ceq (($again | Sort-Object { $first.QueryId.IndexOf($_.QueryId) } | ForEach-Object { "$($_.QueryId)/$($_.Rank)/$($_.DocId)" }) -join ';')
            @(Get-Content $trace).Count
            Close-RearankSession $s
            """, Paths()).AssertClean();

        Assert.Equal(0L, result.Output[0].BaseObject);
        Assert.Equal(3, (int)result.Output[2].BaseObject);
    }

    [SharedDataFact]
    public void Dl19_candidates_rerank_end_to_end()
    {
        var vars = Paths();
        vars["candidates"] = SharedData.PathOf("dl19/retrieve_results_dl19_top100.json");
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Force | Out-Null
            Open-RearankSession $model -ContextSize 16384 -MaxParallel 2 | Out-Null
            $in = @(Import-RearankCandidate $candidates | Group-Object QueryId | Select-Object -First 2 | ForEach-Object Group)
            $out = @($in | Invoke-RearankRerank -Depth 20 -MaxNewTokens 96)
            Close-RearankSession
            $out.Count
            (($in.DocId | Sort-Object) -join ',') -eq (($out.DocId | Sort-Object) -join ',')
            @($out | Where-Object Rank -gt 20 | Where-Object { $_.Rank -ne $_.OriginalRank }).Count
            """, vars).AssertClean();

        Assert.Equal(200, (int)result.Output[0].BaseObject);
        Assert.True((bool)result.Output[1].BaseObject);
        Assert.Equal(0, (int)result.Output[2].BaseObject);
    }

    [Fact]
    public void The_report_shows_measures_chart_significance_and_a_querys_reasoning()
    {
        var paths = Paths();
        paths["report"] = Fixtures.NewPath("report.html");
        var result = ModuleHost.Run(Setup + "\n" + """
            $s = Open-RearankSession $model -ContextSize 16384
            $reranked = @($hits | Invoke-RearankRerank -Session $s -WindowSize 4 -Step 2 -MaxNewTokens 64)
            Close-RearankSession $s
            ($hits + $reranked | Export-RearankReport $report -Qrels ./examples/data/qrels/test.tsv -Title 'Example').Length -gt 0
            """, paths).AssertClean();

        Assert.True((bool)result.Output[0].BaseObject);
        var html = File.ReadAllText((string)paths["report"]!);
        Assert.Contains("<table id=\"metrics\">", html);
        Assert.Contains("<td class=\"t\">bm25</td>", html);
        Assert.Contains("<td class=\"t\">rearank</td>", html);
        Assert.Contains("<svg id=\"delta-chart\"", html);
        Assert.Contains("randomization p", html);
        // Provenance from the traces, and the windows as data the page draws from (answer, reasoning, what moved).
        Assert.Contains("reranker rearank; window 4, step 2, depth 100; decoding: greedy, no output constraint, llama.cpp, at most 64 new tokens", html);
        Assert.Contains("<option value=\"2\" selected>ndcg_cut_10</option>", html);
        Assert.Matches("\"W\":\\[\\[\\],\\[\\{\"S\":4,\"E\":8,\"A\":", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", ""));
    }
}
