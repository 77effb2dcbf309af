using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>Invoke-RearankRerank through Open-RearankSession -Endpoint, against a scripted server on loopback.</summary>
public sealed class RemoteRerankTests
{
    [Fact]
    public void A_run_through_a_server_replaying_the_local_sessions_answers_gives_the_local_result()
    {
        var vars = new Dictionary<string, object?> { ["model"] = Fixtures.NewPath("tiny.gguf"), ["index"] = Fixtures.NewPath("index") };
        var local = ModuleHost.Run("""
            New-RearankTestModel $model -Force | Out-Null
            Import-RearankDocument ./examples/data/corpus.jsonl | New-Bm25Index $index | Out-Null
            $s = Open-RearankSession $model -ContextSize 16384
            Import-RearankQuery ./examples/data/queries.jsonl | Select-Object -First 3 | Invoke-Bm25Search -Index $index -Top 8 |
                Invoke-RearankRerank -Session $s -WindowSize 4 -Step 2 -MaxNewTokens 64
            Close-RearankSession $s
            """, vars).AssertClean();

        // The server answers each query's n-th window with what the local model said for it.
        var answers = local.Output
            .GroupBy(o => (string)o.Properties["QueryText"].Value)
            .ToDictionary(g => g.Key, g => ((System.Collections.IEnumerable)PSObject.AsPSObject(g.First().Properties["Trace"].Value).Properties["Windows"].Value)
                .Cast<object>().Select(w => (string)PSObject.AsPSObject(w).Properties["RawOutput"].Value).ToList());
        var served = new Dictionary<string, int>();
        using var server = new FakeChatServer(request =>
        {
            int n;
            lock (served) served[request.Query] = (n = served.GetValueOrDefault(request.Query)) + 1;
            return ChatReply.Answer(answers[request.Query][n]);
        });
        vars["endpoint"] = server.Endpoint;

        var remote = ModuleHost.Run("""
            $r = Open-RearankSession -Endpoint $endpoint -Model random-tiny -MaxConcurrency 2
            Import-RearankQuery ./examples/data/queries.jsonl | Select-Object -First 3 | Invoke-Bm25Search -Index $index -Top 8 |
                Invoke-RearankRerank -Session $r -WindowSize 4 -Step 2 -MaxNewTokens 64
            Close-RearankSession $r
            """, vars).AssertClean();

        static IEnumerable<string> Key(ShellResult r) => r.Output.Select(o => $"{o.Properties["QueryId"].Value}/{o.Properties["Rank"].Value}/{o.Properties["DocId"].Value}").Order();
        Assert.Equal(Key(local), Key(remote));
        Assert.Equal(9, server.Requests);
        Assert.True(server.PeakConcurrency <= 2);
    }

    [Fact]
    public void A_query_whose_windows_fail_is_reported_failed_keeps_its_order_and_a_summary_warning_counts_it()
    {
        // Query 1's windows fail on every try; query 3's succeed, so the run as a whole reranked something.
        using var server = new FakeChatServer(r => r.Query == "flea life cycle" ? ChatReply.Error(503) : ChatReply.Answer("<answer>[2] > [1]</answer>"));
        var candidates = Fixtures.Write("three.json", """
            [{"query": "flea life cycle", "hits": [{"content": "A flea can live up to a year.", "qid": "1", "docid": "a", "rank": 1, "score": 3},
                                                   {"content": "Fleas lay eggs.", "qid": "1", "docid": "b", "rank": 2, "score": 2},
                                                   {"content": "Pets and fleas.", "qid": "1", "docid": "c", "rank": 3, "score": 1}]},
             {"query": "wifi", "hits": [{"content": "Wi-Fi is radio.", "qid": "3", "docid": "x", "rank": 1, "score": 2}, {"content": "Radio.", "qid": "3", "docid": "y", "rank": 2, "score": 1}]}]
            """);
        var result = ModuleHost.Run("""
            $r = Open-RearankSession -Endpoint $endpoint -Model m -MaxRetries 1
            Import-RearankCandidate $candidates | Invoke-RearankRerank -Session $r -WindowSize 2 -Step 1
            Close-RearankSession $r
            """, new Dictionary<string, object?> { ["endpoint"] = server.Endpoint, ["candidates"] = candidates });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("WindowsFailed,", error.FullyQualifiedErrorId);
        Assert.Equal("1", error.TargetObject);
        Assert.Equal(["a", "b", "c"], result.Output.Where(o => (string)o.Properties["QueryId"].Value == "1").Select(o => (string)o.Properties["DocId"].Value));
        Assert.Equal(["y", "x"], result.Output.Where(o => (string)o.Properties["QueryId"].Value == "3").Select(o => (string)o.Properties["DocId"].Value));
        Assert.Contains(result.Warnings, w => w.StartsWith("1 queries were not reranked: 2 of 3 windows failed"));
    }

    [Fact]
    public void Servers_that_never_answer_stop_the_run_fast_with_a_terminating_error()
    {
        // Port 1 on loopback refuses connections: every attempt fails at once.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = ModuleHost.Run("""
            $r = Open-RearankSession -Endpoint http://127.0.0.1:1/v1 -Model m -MaxRetries 1
            $hits = 1..20 | ForEach-Object { $q = $_; 1..3 | ForEach-Object { [Rearank.Core.Model.RankedHit]@{ QueryId = "q$q"; QueryText = 'fleas'; DocId = "d$_"; Rank = $_; Score = 10 - $_; Text = "passage $_" } } }
            $hits | Invoke-RearankRerank -Session $r -MaxConcurrentQueries 2
            'after'
            """, new Dictionary<string, object?>());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.Contains(result.Errors, e => e.CategoryInfo.Category == ErrorCategory.ConnectionError && e.Exception.Message.Contains("No server has answered"));
    }
}
