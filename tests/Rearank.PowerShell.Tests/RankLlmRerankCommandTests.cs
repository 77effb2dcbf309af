using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>
/// rank_llm's templates, FIRST and pointwise through Invoke-RearankRerank: models whose first-token logits are set
/// (New-RearankTestModel -NextTokenLogits) give known orders through the real llama.cpp session, and a loopback
/// server without logprobs is refused before the first window.
/// </summary>
public sealed class RankLlmRerankCommandTests
{
    private const string Hits = """
        Import-RearankDocument ./examples/data/corpus.jsonl | New-Bm25Index $index | Out-Null
        $hits = @(Import-RearankQuery ./examples/data/queries.jsonl | Select-Object -First 2 | Invoke-Bm25Search -Index $index -Top 5)
        """;

    private static Dictionary<string, object?> Paths() => new()
    {
        ["model"] = Fixtures.NewPath("logits.gguf"), ["index"] = Fixtures.NewPath("index"), ["trace"] = Fixtures.NewPath("trace.jsonl"),
    };

    private static List<string> DocIds(ShellResult result, string queryId) =>
        result.Output.Where(o => (string)o.Properties["QueryId"].Value == queryId).OrderBy(o => (int)o.Properties["Rank"].Value)
            .Select(o => (string)o.Properties["OriginalRank"].Value!.ToString()!).ToList();

    [Fact]
    public void FirstToken_orders_each_window_by_the_identifiers_logits_and_the_trace_names_the_reranker()
    {
        var result = ModuleHost.Run(Hits + "\n" + """
            New-RearankTestModel $model -NextTokenLogits @{ C = 6; E = 5; A = 4; D = 4 } -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 8192 -MaxParallel 2
            $hits | Invoke-RearankRerank -Session $s -Method FirstToken -WindowSize 5 -TracePath $trace
            Close-RearankSession $s
            """, Paths()).AssertClean();

        // C, E, then A and D tied in window order, then B (not among the likeliest tokens).
        foreach (var query in result.Output.Select(o => (string)o.Properties["QueryId"].Value).Distinct())
            Assert.Equal(["3", "5", "1", "4", "2"], DocIds(result, query));
        var trace = PSObject.AsPSObject(result.Output[0].Properties["Trace"].Value);
        Assert.Equal("rank_zephyr_alpha/first", trace.Properties["Template"].Value);
        var window = PSObject.AsPSObject(((System.Collections.IEnumerable)trace.Properties["Windows"].Value).Cast<object>().Single());
        Assert.Equal("[C]>[E]>[A]>[D]", window.Properties["Answer"].Value);
    }

    [Fact]
    public void Pointwise_scores_every_hit_and_a_resume_with_another_reranker_reranks_again()
    {
        var result = ModuleHost.Run(Hits + "\n" + """
            New-RearankTestModel $model -NextTokenLogits @{ yes = 3; No = 1 } -After "`n" -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096 -MaxParallel 4
            $a = @($hits | Invoke-RearankRerank -Session $s -Method Pointwise -TracePath $trace)
            $a.Count
            [math]::Round($a[0].Trace.Windows[0].IdentifierScores[0], 4)
            $a[0].Trace.Template
            $b = @($hits | Invoke-RearankRerank -Session $s -Method FirstToken -ResumeFrom $trace -WarningVariable w -WarningAction SilentlyContinue)
            $b[0].Trace.Template
            @($w | Where-Object { "$_" -like '*reranker*pointwise_vllm/pointwise*' }).Count
            Close-RearankSession $s
            """, Paths()).AssertClean();

        Assert.Equal(10, (int)result.Output[0].BaseObject);
        Assert.Equal(Math.Round(Math.Exp(3) / (Math.Exp(3) + Math.Exp(1)), 4), (double)result.Output[1].BaseObject);
        Assert.Equal("pointwise_vllm/pointwise", result.Output[2].BaseObject);
        Assert.Equal("rank_zephyr_alpha/first", result.Output[3].BaseObject);
        Assert.Equal(2, (int)result.Output[4].BaseObject);
    }

    [Fact]
    public void Two_rerankers_of_one_session_compare_as_two_runs()
    {
        var result = ModuleHost.Run(Hits + "\n" + """
            New-RearankTestModel $model -NextTokenLogits @{ C = 6; E = 5; A = 4; D = 4 } -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 8192 -MaxParallel 2
            $first = @($hits | Invoke-RearankRerank -Session $s -Method FirstToken -WindowSize 5 -RunTag first)
            $zephyr = @($hits | Invoke-RearankRerank -Session $s -Template rank_zephyr -WindowSize 5 -MaxNewTokens 4 -RunTag zephyr)
            Close-RearankSession $s
            Compare-RankingRun -Baseline $zephyr -Run $first -Qrels ./examples/data/qrels/test.tsv -Metric ndcg_cut.10 -WarningAction SilentlyContinue |
                Select-Object -First 1 | ForEach-Object { $_.Measure; $_.Run }
            # Every pair of in-memory runs, each its own run even under one tag.
            $again = @($hits | Invoke-RearankRerank -Session (Open-RearankSession $model -ContextSize 8192) -Method FirstToken -WindowSize 5 -RunTag first)
            Close-RearankSession
            @(Compare-RankingRun -Run $zephyr, $first, $again -Qrels ./examples/data/qrels/test.tsv -Metric ndcg_cut.10 -WarningAction SilentlyContinue).Count
            """, Paths()).AssertClean();

        Assert.Equal(["ndcg_cut_10", "first", "3"], result.Output.Select(o => o.BaseObject.ToString()));
    }

    [Fact]
    public void The_report_names_the_reranker_and_shows_a_first_windows_scores_in_place_of_a_reasoning()
    {
        var paths = Paths();
        paths["report"] = Fixtures.NewPath("report.html");
        ModuleHost.Run(Hits + "\n" + """
            New-RearankTestModel $model -NextTokenLogits @{ C = 6; E = 5; A = 4; D = 4 } -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 8192 -MaxParallel 2
            $first = @($hits | Invoke-RearankRerank -Session $s -Method FirstToken -WindowSize 5 -RunTag first)
            Close-RearankSession $s
            $hits + $first | Export-RearankReport $report -Qrels ./examples/data/qrels/test.tsv | Out-Null
            """, paths).AssertClean();

        var html = File.ReadAllText((string)paths["report"]!);
        Assert.Contains("reranker rank_zephyr_alpha/first; window 5, step 10, depth 100; decoding:", html);
        Assert.Contains("first-token log-probabilities, no generation", html);
        Assert.Contains("Scores by passage, in window order", html);
        Assert.Contains("not among the likeliest tokens", html);
    }

    [Theory]
    [InlineData("-Template rank_zepyhr", "UnknownTemplate", "rank_zephyr_alpha")]
    [InlineData("-Method Pointwise -Template rank_zephyr", "TemplateNotForMethod", "pointwise template")]
    [InlineData("-Method FirstToken -Template rearank", "TemplateNotForMethod", "rank_llm listwise template")]
    [InlineData("-Template $bad", "InvalidTemplate", "output_extraction_regex")]
    [InlineData("-Template ./no/such/template.yaml", "PathNotFound", "template.yaml")]
    public void A_template_that_cannot_serve_stops_the_command_before_any_window(string arguments, string errorId, string message)
    {
        var vars = Paths();
        vars["bad"] = Fixtures.Write("bad.yaml", "method: singleturn_listwise\nbody: \"[{rank}] {candidate}\"\nprefix: \"{query}\"\noutput_validation_regex: x\n");
        var result = ModuleHost.Run(Hits + "\n" + """
            New-RearankTestModel $model -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096
            try { $hits | Invoke-RearankRerank -Session $s 
            """ + arguments + """
             } finally { $s.GeneratedTokens; Close-RearankSession $s }
            """, vars);

        var error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
        Assert.Contains(message, error.Exception.Message);
        Assert.Equal(0L, (long)result.Output.Single().BaseObject);
    }

    [Fact]
    public void The_answer_guard_refuses_rank_llms_generated_answers_and_stays_out_of_first_token_ranking()
    {
        var result = ModuleHost.Run(Hits + "\n" + """
            New-RearankTestModel $model -NextTokenLogits @{ B = 6 } -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 8192 -ForceAnswer
            try { $hits | Invoke-RearankRerank -Session $s -Template rank_zephyr } catch { $_.FullyQualifiedErrorId.Split(',')[0]; $_.Exception.Message -like '*-ForceAnswer*' }
            $s.GeneratedTokens
            ($hits | Invoke-RearankRerank -Session $s -Method FirstToken -WindowSize 5 | Select-Object -First 1).OriginalRank
            Close-RearankSession $s
            """, Paths()).AssertClean();

        Assert.Equal(["TemplateNotForMethod", "True", "0", "2"], result.Output.Select(o => o.BaseObject.ToString()));
    }

    [Fact]
    public void A_server_without_logprobs_is_refused_with_its_reason_before_the_first_window()
    {
        using var server = new FakeChatServer(_ => ChatReply.Answer("[1] > [2]", completionTokens: 3));
        var vars = Paths();
        vars["endpoint"] = server.Endpoint;
        var result = ModuleHost.Run(Hits + "\n" + """
            $r = Open-RearankSession -Endpoint $endpoint -Model m
            $hits | Invoke-RearankRerank -Session $r -Method FirstToken -Template rank_zephyr
            """, vars);

        var error = result.Terminating?.ErrorRecord ?? Assert.Single(result.Errors);
        Assert.StartsWith("LogprobsUnavailable,", error.FullyQualifiedErrorId);
        Assert.Contains("without log-probabilities", error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public void A_rank_llm_template_by_name_reranks_by_generation_and_reads_its_answer()
    {
        var result = ModuleHost.Run(Hits + "\n" + """
            New-RearankTestModel $model -Reply '[2] >', ' [1]' -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 8192
            $hits | Invoke-RearankRerank -Session $s -Template rank_zephyr -WindowSize 5 -MaxNewTokens 16
            Close-RearankSession $s
            """, Paths()).AssertClean();

        foreach (var query in result.Output.Select(o => (string)o.Properties["QueryId"].Value).Distinct())
            Assert.Equal(["2", "1", "3", "4", "5"], DocIds(result, query));
        Assert.Equal("rank_zephyr", PSObject.AsPSObject(result.Output[0].Properties["Trace"].Value).Properties["Template"].Value);
    }
}
