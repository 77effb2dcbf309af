using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>A live pipeline: results flow on as they are ready, and long steps report a rate and the time left.</summary>
public sealed class LivePipelineTests
{
    [Fact]
    public void The_first_reranked_query_reaches_the_end_before_the_last_query_is_read()
    {
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Reply '<think>', 'Second.', '</think>', "`n<answer>", '[2] >', ' [1]', '</answer>' -Force | Out-Null
            Import-RearankDocument ./examples/data/corpus.jsonl | New-Bm25Index $index | Out-Null
            $s = Open-RearankSession $model -ContextSize 8192
            $log = [System.Collections.Generic.List[string]]::new()
            # No sleeps: the order comes from flow control alone. The search holds at most two queries, the rerank at
            # most two (one in flight), so the rerank must let the first query out before it can take the fourth.
            1..8 | ForEach-Object { $log.Add("in $_"); [pscustomobject]@{ QueryId = "q$_"; Text = 'flea life cycle' } } |
                Invoke-Bm25Search -Index $index -Top 3 -ThrottleLimit 1 | Invoke-RearankRerank -Session $s -WindowSize 3 -MaxConcurrentQueries 1 |
                ForEach-Object { if ($_.Rank -eq 1) { $log.Add("out $($_.QueryId)") } } 
            Close-RearankSession $s
            $log
            """, new Dictionary<string, object?> { ["model"] = Fixtures.NewPath("m.gguf"), ["index"] = Fixtures.NewPath("index") }).AssertClean();

        var log = result.Output.Select(o => (string)o.BaseObject).ToList();
        Assert.Equal(8, log.Count(l => l.StartsWith("out ")));
        Assert.True(log.FindIndex(l => l.StartsWith("out ")) < log.IndexOf("in 8"), string.Join(", ", log));
    }

    [Fact]
    public void Indexing_searching_and_reranking_report_the_time_left()
    {
        using var shell = ModuleHost.CreateShell(new Dictionary<string, object?> { ["model"] = Fixtures.NewPath("m.gguf"), ["index"] = Fixtures.NewPath("index") });
        shell.AddScript("""
            New-RearankTestModel $model -Reply '<think>', 'Second.', '</think>', "`n<answer>", '[2] >', ' [1]', '</answer>' -Force | Out-Null
            1..20000 | ForEach-Object { [Rearank.Core.Model.Document]::new("d$_", '', "flea number $_ lives a year") } | New-Bm25Index $index | Out-Null
            $hits = @(1..3000 | ForEach-Object { "flea $_" } | Invoke-Bm25Search -Index $index -Top 3 -NoText)
            $s = Open-RearankSession $model -ContextSize 4096
            $hits | Select-Object -First 120 | Invoke-RearankRerank -Session $s -WindowSize 3 -MaxConcurrentQueries 2 | Out-Null
            Close-RearankSession $s
            """);
        shell.Invoke();

        Assert.False(shell.HadErrors, string.Join(" | ", shell.Streams.Error));
        foreach (var activity in new[] { "New-Bm25Index", "Invoke-Bm25Search", "Invoke-RearankRerank" })
            Assert.Contains(shell.Streams.Progress, p => p.Activity == activity && p.RecordType == ProgressRecordType.Processing && p.SecondsRemaining >= 0 && p.StatusDescription.Contains("/"));
        // The prompt phase has its own rate: no report shows a bare "0 tokens/s" while prompts are being read.
        var rerank = shell.Streams.Progress.Where(p => p.Activity == "Invoke-RearankRerank" && p.RecordType == ProgressRecordType.Processing).ToList();
        Assert.All(rerank, p => Assert.Contains("prompt tokens/s", p.StatusDescription));
    }

    [Fact]
    public void Objects_print_a_short_form_not_their_whole_passage()
    {
        var result = ModuleHost.Run("""
            $document = Import-RearankDocument ./examples/data/corpus.jsonl | Select-Object -First 1
            $hit = [Rearank.Core.Model.RankedHit]@{ QueryId = 'q1'; DocId = 'd3'; Rank = 1; Score = 2.5; Text = ('long passage ' * 200) }
            "$document"
            "$hit"
            """).AssertClean();

        Assert.True(((string)result.Output[0].BaseObject).Length <= 80, (string)result.Output[0].BaseObject);
        Assert.Equal("q1 #1 d3 2.5000", result.Output[1].BaseObject);
    }
}
