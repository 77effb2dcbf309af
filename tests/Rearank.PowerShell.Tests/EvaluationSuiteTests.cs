using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>
/// Invoke-RearankEvaluation over fixture folders in every layout it reads, through a real llama.cpp session with a
/// scripted model (always "[2] > [1]"): the hits that reach the reranker are exactly the ones the original passes.
/// </summary>
public sealed class EvaluationSuiteTests
{
    private const string Model = """
        New-RearankTestModel $model -Reply '<think>', 'Passage 2.', '</think>', "`n<answer>", '[2] >', ' [1]', '</answer>' -Force | Out-Null
        $s = Open-RearankSession $model -ContextSize 4096 -MaxParallel 2
        """;

    /// <summary>Writes a suite root with one dataset per layout; returns the root.</summary>
    private static string Root()
    {
        var root = Fixtures.NewPath("suite");
        void Write(string relative, string text)
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text.Replace("\r\n", "\n"));
        }
        // dl19: a RankGPT candidate file and TREC qrels.
        Write("dl19/retrieve_results_dl19.json", """
            [{"query": "flea life cycle", "hits": [
              {"qid": "1", "docid": "a", "rank": 1, "score": 3, "content": "Fleas live a year."},
              {"qid": "1", "docid": "b", "rank": 2, "score": 2, "content": "The flea life cycle has four stages."},
              {"qid": "1", "docid": "c", "rank": 3, "score": 1, "content": "Cats."}]}]
            """);
        Write("dl19/qrels.dl19-passage.txt", "1 0 b 2\n1 0 a 1\n1 0 c 0\n");
        // covid: rank_llm JSONL candidates.
        Write("trec-covid/retrieve_results_covid.jsonl",
            """{"query": {"text": "covid vaccine", "qid": 7}, "candidates": [{"docid": "x", "score": 9.5, "doc": {"title": "Masks", "text": "Masks help."}}, {"docid": "y", "score": 8.5, "doc": {"contents": "Vaccines work."}}]}""" + "\n");
        Write("trec-covid/qrels.txt", "7 0 y 1\n7 0 x 0\n");
        // scifact: a BEIR folder, searched with the module's BM25.
        Write("scifact/corpus.jsonl", string.Join("\n", new[]
        {
            """{"_id": "d1", "title": "Fleas", "text": "Flea eggs hatch in days."}""",
            """{"_id": "d2", "title": "Flea control", "text": "Treat the flea life cycle."}""",
            """{"_id": "d3", "title": "Bread", "text": "Bread needs yeast."}""",
        }) + "\n");
        Write("scifact/queries.jsonl", """{"_id": "q1", "text": "flea life cycle"}""" + "\n" + """{"_id": "q2", "text": "unjudged flea"}""" + "\n");
        Write("scifact/qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td2\t1\n");
        // BRIGHT biology, REARANK's prepared layout: a repeated docid and one missing from the corpus.
        Write("pyserini_queries/biology.tsv", "b1\tWhy do fleas jump so far?\n");
        Write("runs_bm25/bm25.biology.filtered.trec", "b1 Q0 p1 1 9.0 bm25\nb1 Q0 p2 2 8.0 bm25\nb1 Q0 gone 3 7.5 bm25\nb1 Q0 p1 4 7.0 bm25\nb1 Q0 p3 5 6.0 bm25\n");
        Write("pyserini_corpus/biology/biology.jsonl", string.Join("\n", new[]
        {
            """{"id": "p1", "contents": "Fleas have elastic resilin pads."}""", """{"id": "p2", "contents": "Legs."}""", """{"id": "p3", "contents": "Insects jump."}""",
        }) + "\n");
        Write("pyserini_qrels/biology.tsv", "b1 0 p1 1\n");
        // BRIGHT pony, the published layout: excluded ids leave every ranking.
        Write("documents/pony.jsonl", string.Join("\n", new[]
        {
            """{"id": "s1", "content": "pony sort a list pony"}""", """{"id": "s2", "content": "pony sort"}""", """{"id": "s3", "content": "pony list sort"}""",
        }) + "\n");
        Write("examples/pony.jsonl", """{"id": "e1", "query": "pony sort list", "gold_ids": ["s3"], "excluded_ids": ["s1"]}""" + "\n");
        return root;
    }

    private static Dictionary<string, object?> Vars(string root) => new()
    {
        ["model"] = Fixtures.NewPath("scripted.gguf"), ["root"] = root, ["out"] = Fixtures.NewPath("out"),
    };

    private static string[] Run(Dictionary<string, object?> vars, string dataset, string name) =>
        File.ReadAllLines(Path.Combine((string)vars["out"]!, dataset, name)).Select(l => string.Join(' ', l.Split(' ')[..5])).ToArray();

    [Fact]
    public void Every_layout_gives_the_first_stage_the_original_would_and_a_reranked_run()
    {
        var vars = Vars(Root());
        var result = ModuleHost.Run(Model + "\n" + """
            Invoke-RearankEvaluation standard -Dataset dl19, covid, scifact -Root $root -OutputDirectory $out -Session $s
            Invoke-RearankEvaluation bright -Dataset biology, pony -Root $root -OutputDirectory $out -Session $s
            Close-RearankSession $s
            """, vars);

        Assert.Empty(result.Errors);
        Assert.Equal(["dl19", "covid", "scifact", "biology", "pony"], result.Values<string>("Dataset"));
        Assert.Equal(["Candidates", "Candidates", "Corpus", "BrightPrepared", "BrightPublished"], result.Values<string>("Layout"));
        // Candidates as given; rank_llm JSONL too.
        Assert.Equal(["1 Q0 a 1 3.000000", "1 Q0 b 2 2.000000", "1 Q0 c 3 1.000000"], Run(vars, "dl19", "run.bm25.trec"));
        Assert.Equal(["7 Q0 x 1 9.500000", "7 Q0 y 2 8.500000"], Run(vars, "covid", "run.bm25.trec"));
        // The reranker's "[2] > [1]" moves the second hit up.
        Assert.Equal(["1 Q0 b 1", "1 Q0 a 2", "1 Q0 c 3"], Run(vars, "dl19", "run.rearank.trec").Select(l => l[..8]));
        // BEIR: the module's BM25, judged queries only.
        Assert.All(Run(vars, "scifact", "run.bm25.trec"), l => Assert.StartsWith("q1 ", l));
        // BRIGHT prepared: file order by docid, a repeated docid keeps its first place and its last score, a missing one is dropped.
        Assert.Equal(["b1 Q0 p1 1 7.000000", "b1 Q0 p2 2 6.999999", "b1 Q0 p3 3 6.000000"], Run(vars, "biology", "run.bm25.trec"));
        Assert.Contains(result.Warnings, w => w.Contains("biology") && w.Contains("1 hits") && w.Contains("not in the corpus"));
        // BRIGHT published: the excluded document is in no ranking.
        Assert.DoesNotContain(Run(vars, "pony", "run.bm25.trec"), l => l.Contains(" s1 "));
        Assert.DoesNotContain(Run(vars, "pony", "run.rearank.trec"), l => l.Contains(" s1 "));
        // DL19 fixture by hand: BM25 [a(1), b(2), c(0)] against the ideal [b, a]: nDCG@10 = (1 + 2/log2 3) / (2 + 1/log2 3) = 0.8597.
        var dl19 = result.Output[0];
        Assert.Equal(85.97, (double)dl19.Properties["Bm25Ndcg10"].Value);
        Assert.Equal(100.0, (double)dl19.Properties["RerankNdcg10"].Value);
        Assert.Equal(74.16, (double)dl19.Properties["PublishedRearank"].Value);
        Assert.True(File.Exists(Path.Combine((string)vars["out"]!, "results.standard.csv")));
    }

    [Fact]
    public void First_token_reranking_runs_a_suite_and_another_reranker_does_not_read_its_results_back()
    {
        var vars = Vars(Root());
        var result = ModuleHost.Run("""
            # After "[", B is likeliest: FIRST puts DL19's passage b (window position B) first.
            New-RearankTestModel $model -NextTokenLogits @{ B = 5; A = 3 } -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096 -MaxParallel 2
            $r = Invoke-RearankEvaluation -Dataset dl19 -Root $root -OutputDirectory $out -Session $s -Method FirstToken
            $r.Reranker; $r.RerankNdcg10
            (Get-Content (Join-Path $out dl19 traces.jsonl) | ConvertFrom-Json).Template
            try { Invoke-RearankEvaluation -Dataset dl19 -Root $root -OutputDirectory $out -Session $s | Out-Null } catch { $_.FullyQualifiedErrorId.Split(',')[0] }
            (Invoke-RearankEvaluation -Dataset dl19 -Root $root -OutputDirectory $out -Session $s -Method FirstToken).FromEarlierRun
            Close-RearankSession $s
            """, vars).AssertClean();

        Assert.Equal(["rank_zephyr_alpha/first", "100", "rank_zephyr_alpha/first", "FileExists", "True"],
            result.Output.Select(o => Convert.ToString(o.BaseObject, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_rerun_skips_finished_datasets_and_continues_a_cut_one_from_its_traces()
    {
        var vars = Vars(Root());
        var first = ModuleHost.Run(Model + "\n" + """
            Invoke-RearankEvaluation -Dataset dl19, scifact -Root $root -OutputDirectory $out -Session $s | Out-Null
            # Cut scifact short: no result, and its traces keep nothing (as if killed before the first query finished).
            Remove-Item (Join-Path $out scifact result.json)
            Set-Content (Join-Path $out scifact traces.jsonl) -Value $null
            $before = $s.GeneratedTokens
            $again = @(Invoke-RearankEvaluation -Dataset dl19, scifact -Root $root -OutputDirectory $out -Session $s)
            $again.FromEarlierRun
            $again[1].ReplayedQueries
            ($s.GeneratedTokens - $before) -gt 0
            Close-RearankSession $s
            """, vars).AssertClean();

        Assert.Equal([true, false, 0, true], first.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void WhatIf_writes_nothing_and_decodes_nothing_and_Force_runs_a_finished_dataset_again()
    {
        var vars = Vars(Root());
        var result = ModuleHost.Run(Model + "\n" + """
            $before = $s.GeneratedTokens
            $none = @(Invoke-RearankEvaluation -Dataset dl19, scifact -Root $root -OutputDirectory $out -Session $s -WhatIf)
            $none.Count
            Test-Path $out
            $s.GeneratedTokens - $before
            Invoke-RearankEvaluation -Dataset dl19 -Root $root -OutputDirectory $out -Session $s | Out-Null
            $before = $s.GeneratedTokens
            (Invoke-RearankEvaluation -Dataset dl19 -Root $root -OutputDirectory $out -Session $s).FromEarlierRun
            $s.GeneratedTokens - $before
            $again = Invoke-RearankEvaluation -Dataset dl19 -Root $root -OutputDirectory $out -Session $s -Force
            $again.FromEarlierRun
            $again.ReplayedQueries
            ($s.GeneratedTokens - $before) -gt 0
            Close-RearankSession $s
            """, vars).AssertClean();

        // WhatIf: no result, no folder, no token; a plain rerun reads back; -Force reranks every query again.
        Assert.Equal(new object[] { 0, false, 0L, true, 0L, false, 0, true }, result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void A_finished_query_is_replayed_not_reranked_when_a_dataset_is_resumed()
    {
        var vars = Vars(Root());
        var result = ModuleHost.Run(Model + "\n" + """
            Invoke-RearankEvaluation -Dataset dl19 -Root $root -OutputDirectory $out -Session $s | Out-Null
            $whole = Get-Content (Join-Path $out dl19 run.rearank.trec) -Raw
            Remove-Item (Join-Path $out dl19 result.json)
            $before = $s.GeneratedTokens
            $again = Invoke-RearankEvaluation -Dataset dl19 -Root $root -OutputDirectory $out -Session $s
            $s.GeneratedTokens - $before
            $again.ReplayedQueries
            (Get-Content (Join-Path $out dl19 run.rearank.trec) -Raw) -ceq $whole
            Close-RearankSession $s
            """, vars).AssertClean();

        Assert.Equal([0L, 1, true], result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void A_dataset_folder_of_no_known_layout_is_an_error_that_lists_what_was_looked_for()
    {
        var root = Root();
        Directory.CreateDirectory(Path.Combine(root, "nfcorpus"));
        File.WriteAllText(Path.Combine(root, "nfcorpus", "notes.txt"), "nothing to see");
        var vars = Vars(root);
        var result = ModuleHost.Run(Model + "\n" + """
            Invoke-RearankEvaluation -Dataset nfc, dl19 -Root $root -OutputDirectory $out -Session $s
            Close-RearankSession $s
            """, vars);

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("No known layout for dataset 'nfc'", error.Exception.Message);
        Assert.Contains("retrieve_results*.json", error.Exception.Message);
        Assert.Contains("corpus.jsonl", error.Exception.Message);
        Assert.Equal(["dl19"], result.Values<string>("Dataset"));   // the other dataset still ran
    }

    [Fact]
    public void Queries_too_long_for_the_context_are_said_up_front_and_kept_in_first_stage_order()
    {
        var vars = Vars(Root());
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Reply '<think>', 'Passage 2.', '</think>' -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 2048
            Invoke-RearankEvaluation -Dataset dl19 -Root $root -OutputDirectory $out -Session $s
            Close-RearankSession $s
            """, vars);

        Assert.Contains(result.Warnings, w => w.StartsWith("dl19: 1 of 1 queries may need up to") && w.Contains("-ContextSize"));
        Assert.Equal(ErrorCategory.InvalidResult, Assert.Single(result.Errors).CategoryInfo.Category);
        Assert.Equal(1, result.Property<int>(0, "FailedQueries"));
        Assert.Equal(Run(vars, "dl19", "run.bm25.trec"), Run(vars, "dl19", "run.rearank.trec"));   // kept as it was
    }

    private static string ResultJson(Dictionary<string, object?> vars, string dataset) => Path.Combine((string)vars["out"]!, dataset, "result.json");

    [Fact]
    public void A_server_that_dies_mid_dataset_leaves_it_unfinished_and_the_rerun_asks_again_only_for_the_failed_windows()
    {
        // Windows [1,3) then [0,2): the server answers the first and is gone for the second.
        var answer = ChatReply.Answer("<think>t</think><answer>[2] > [1]</answer>");
        Func<ChatRequest, ChatReply> current = r => r.Number >= 2 ? ChatReply.Error(503) : answer;
        using var server = new FakeChatServer(r => Volatile.Read(ref current)(r));
        var vars = Vars(Root());
        vars["endpoint"] = server.Endpoint;
        const string script = """
            $r = Open-RearankSession -Endpoint $endpoint -Model m -MaxRetries 0 -MaxConcurrency 1
            Invoke-RearankEvaluation -Dataset dl19 -Root $root -OutputDirectory $out -Session $r -WindowSize 2 -Step 1
            Close-RearankSession $r
            """;
        var first = ModuleHost.Run(script, vars);

        Assert.Null(first.Terminating);
        var error = Assert.Single(first.Errors);
        Assert.Contains("1 of 2 windows failed", error.Exception.Message);
        Assert.Equal("WindowsFailed,Rearank.PowerShell.Commands.InvokeRearankEvaluationCommand", error.FullyQualifiedErrorId);
        Assert.Contains(first.Warnings, w => w.StartsWith("dl19 is not finished: 1 of 1 queries failed (1 windows)"));
        Assert.False(first.Property<bool>(0, "Finished"));
        Assert.Equal((1, 1), (first.Property<int>(0, "FailedQueries"), first.Property<int>(0, "FailedWindows")));
        Assert.Null(first.Output[0].Properties["RerankNdcg10"].Value);   // no figure that is really BM25's
        Assert.Contains("\"Finished\": false", File.ReadAllText(ResultJson(vars, "dl19")));

        var asked = server.Requests;
        Volatile.Write(ref current, _ => answer);
        var second = ModuleHost.Run(script, vars).AssertClean();

        Assert.Equal(1, server.Requests - asked);   // only the failed window: the good one's answer is replayed
        Assert.True(second.Property<bool>(0, "Finished"));
        Assert.False(second.Property<bool>(0, "FromEarlierRun"));
        Assert.Equal(0, second.Property<int>(0, "FailedQueries"));
        Assert.NotNull(second.Output[0].Properties["RerankNdcg10"].Value);
    }

    [Fact]
    public void A_dataset_with_no_scorable_query_is_an_error_and_a_rerun_after_the_fix_runs_it()
    {
        var root = Root();
        var qrels = Path.Combine(root, "dl19", "qrels.dl19-passage.txt");
        File.WriteAllText(qrels, "1 0 b high\n1 0 a\n");
        var vars = Vars(root);
        const string script = Model + "\n" + """
            Invoke-RearankEvaluation -Dataset dl19 -Root $root -OutputDirectory $out -Session $s
            Close-RearankSession $s
            """;
        var broken = ModuleHost.Run(script, vars);

        Assert.Empty(broken.Output);
        var error = Assert.Single(broken.Errors, e => e.FullyQualifiedErrorId.StartsWith("NoScorableQuery,"));
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("no query can be scored", error.Exception.Message);
        Assert.False(File.Exists(ResultJson(vars, "dl19")));

        File.WriteAllText(qrels, "1 0 b 2\n1 0 a 1\n");
        var fixedRun = ModuleHost.Run(script, vars).AssertClean();
        Assert.Equal(100.0, fixedRun.Property<double>(0, "RerankNdcg10"));
    }

    [Fact]
    public void An_answer_budget_too_small_for_the_forced_answer_stops_the_suite_before_any_window()
    {
        var vars = Vars(Root());
        var result = ModuleHost.Run("""
            New-RearankTestModel $model -Reply '<think>', 'Passage 2.', '</think>' -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096 -ForceAnswer
            Invoke-RearankEvaluation -Dataset dl19 -Root $root -OutputDirectory $out -Session $s -MaxNewTokens 3
            Close-RearankSession $s
            """, vars);

        var error = Assert.Single(result.Errors);   // one error up front, not one per query
        Assert.StartsWith("AnswerBudgetTooSmall,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Empty(result.Output);
        Assert.False(File.Exists(ResultJson(vars, "dl19")));
    }

    [SharedDataFact]
    public void The_shared_collections_reproduce_the_published_bm25_figures_through_the_suite()
    {
        // A server that answers every window with the given order: the suite's first stage is what is checked here.
        using var server = new FakeChatServer(r => ChatReply.Answer("<think>keep</think><answer>[1]</answer>"));
        var vars = new Dictionary<string, object?> { ["root"] = SharedData.Root, ["out"] = Fixtures.NewPath("shared"), ["endpoint"] = server.Endpoint };
        var result = ModuleHost.Run("""
            $r = Open-RearankSession -Endpoint $endpoint -Model m -MaxConcurrency 64
            Invoke-RearankEvaluation -Dataset dl19, dl20, scifact -Root $root -OutputDirectory $out -Session $r -MaxConcurrentQueries 64
            Close-RearankSession $r
            """, vars).AssertClean();

        Assert.Equal([50.58, 47.96, 67.89], result.Values<double>("Bm25Ndcg10"));
        Assert.Equal(["Candidates", "Candidates", "Corpus"], result.Values<string>("Layout"));
        Assert.Equal([43, 54, 300], result.Values<int>("Queries"));
    }

    [Fact]
    public void A_suite_killed_mid_dataset_and_run_again_ends_with_the_files_of_an_uninterrupted_run()
    {
        // A candidate file of 40 queries, reranked one at a time so the kill lands mid-dataset.
        var root = Fixtures.NewPath("killed-suite");
        Directory.CreateDirectory(Path.Combine(root, "dl19"));
        File.WriteAllText(Path.Combine(root, "dl19", "retrieve_results.json"), "[" + string.Join(",\n", Enumerable.Range(1, 40).Select(q =>
            $$"""{"query": "query {{q}}", "hits": [{"qid": "{{q}}", "docid": "a{{q}}", "score": 2, "content": "first"}, {"qid": "{{q}}", "docid": "b{{q}}", "score": 1, "content": "second"}]}""")) + "]");
        File.WriteAllLines(Path.Combine(root, "dl19", "qrels.txt"), Enumerable.Range(1, 40).Select(q => $"{q} 0 b{q} 1"));
        var (model, killed, whole, flag) = (Fixtures.NewPath("m.gguf"), Fixtures.NewPath("killed"), Fixtures.NewPath("whole"), Fixtures.NewPath("flag"));
        const string Open = """
            New-RearankTestModel $model -Reply '<think>', 'Second.', '</think>', "`n<answer>", '[2] >', ' [1]', '</answer>' -Force | Out-Null
            $s = Open-RearankSession $model -ContextSize 4096 -MaxParallel 1
            """;
        ModuleHost.Run(Open + "\nInvoke-RearankEvaluation -Dataset dl19 -Root $root -OutputDirectory $out -Session $s -MaxConcurrentQueries 1 | Out-Null",
            new Dictionary<string, object?> { ["model"] = model, ["root"] = root, ["out"] = whole }).AssertClean();

        var traces = Path.Combine(killed, "dl19", "traces.jsonl");
        using (var child = ChildPwsh.Start($$"""
            Import-Module '{{ModuleHost.ManifestPath}}'
            $model = '{{model}}'
            {{Open}}
            $job = Start-ThreadJob { while (-not (Test-Path '{{traces}}') -or @(Get-Content '{{traces}}').Count -lt 10) { Start-Sleep -Milliseconds 20 }; 'x' | Set-Content '{{flag}}' }
            Invoke-RearankEvaluation -Dataset dl19 -Root '{{root}}' -OutputDirectory '{{killed}}' -Session $s -MaxConcurrentQueries 1 | Out-Null
            """))
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!File.Exists(flag) && !child.HasExited && waited.Elapsed < TimeSpan.FromSeconds(120)) Thread.Sleep(20);
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        var finishedBefore = File.ReadAllLines(traces).Count(l => l.EndsWith('}'));
        Assert.False(File.Exists(Path.Combine(killed, "dl19", "result.json")), "the kill came too late: the dataset had finished");

        var result = ModuleHost.Run(Open + "\nInvoke-RearankEvaluation -Dataset dl19 -Root $root -OutputDirectory $out -Session $s",
            new Dictionary<string, object?> { ["model"] = model, ["root"] = root, ["out"] = killed }).AssertClean();

        Assert.Equal(finishedBefore, result.Property<int>(0, "ReplayedQueries"));
        foreach (var file in new[] { "run.bm25.trec", "run.rearank.trec", "qrels.txt" })
            Assert.Equal(File.ReadAllText(Path.Combine(whole, "dl19", file)), File.ReadAllText(Path.Combine(killed, "dl19", file)));
        Assert.Equal(40, File.ReadAllLines(traces).Length);
    }
}
