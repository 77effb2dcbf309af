using System.Management.Automation;
using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

public sealed class EvaluationCommandTests
{
    private const string Qrels = "q1 0 a 2\nq1 0 b 1\nq1 0 c 0\nq2 0 d 1\nq3 0 e 1\n";
    private const string Bm25 = "q1 Q0 c 1 3 bm25\nq1 Q0 a 2 2 bm25\nq1 Q0 b 3 1 bm25\nq2 Q0 x 1 2 bm25\nq2 Q0 d 2 1 bm25\n";
    private const string Better = "q1 Q0 a 1 3 better\nq1 Q0 b 2 2 better\nq1 Q0 c 3 1 better\nq2 Q0 d 1 2 better\nq2 Q0 x 2 1 better\n";

    private static Dictionary<string, object?> Files() => new()
    {
        ["qrels"] = Fixtures.Write("qrels.txt", Qrels),
        ["bm25"] = Fixtures.Write("bm25.txt", Bm25),
        ["better"] = Fixtures.Write("better.txt", Better),
    };

    [Fact]
    public void Hits_from_the_pipeline_and_run_files_give_the_same_values_and_name_the_missing_query()
    {
        var result = ModuleHost.Run("""
            $fromHits = Import-TrecRun $bm25 | Measure-RankingQuality -Qrels $qrels -Metric P.1, recip_rank
            $fromFile = Measure-RankingQuality -Run $bm25 -Qrels $qrels -Metric P.1, recip_rank
            $fromHits
            ($fromHits | ConvertTo-Json -Compress) -eq ($fromFile | ConvertTo-Json -Compress)
            """, Files());

        Assert.Null(result.Terminating);
        var values = result.Output.Take(2).ToList();
        // trec_eval's order, whatever the order asked for.
        Assert.Equal(["recip_rank", "P_1"], values.Select(v => (string)v.Properties["Measure"].Value));
        Assert.Equal([0.5, 0.0], values.Select(v => (double)v.Properties["Value"].Value));
        Assert.All(values, v => Assert.Equal(("bm25", "all", 2, false), ((string)v.Properties["RunTag"].Value, (string)v.Properties["QueryId"].Value, (int)v.Properties["QueryCount"].Value, (bool)v.Properties["Complete"].Value)));
        Assert.True((bool)result.Output[2].BaseObject);
        Assert.Contains(result.Warnings, w => w.Contains("q3") && w.Contains("-Complete"));
    }

    [Fact]
    public void Several_runs_are_evaluated_side_by_side_and_complete_mode_counts_every_judged_query()
    {
        var result = ModuleHost.Run("Measure-RankingQuality -Run $bm25, $better -Qrels $qrels -Metric num_q, P.1 -Complete", Files()).AssertClean();

        Assert.Equal(["bm25|num_q|3", "bm25|P_1|0", "better|num_q|3", "better|P_1|0.6666666666666666"],
            result.Output.Select(o => $"{o.Properties["RunTag"].Value}|{o.Properties["Measure"].Value}|{Convert.ToString(o.Properties["Value"].Value, System.Globalization.CultureInfo.InvariantCulture)}"));
    }

    [Fact]
    public void AsTrecEval_prints_trec_eval_lines_with_per_query_blocks_first()
    {
        var result = ModuleHost.Run("Measure-RankingQuality -Run $better -Qrels $qrels -Metric num_ret, P.1 -PerQuery -AsTrecEval", Files()).AssertClean();

        Assert.Equal(
            ["num_ret               \tq1\t3", "P_1                   \tq1\t1.0000", "num_ret               \tq2\t2", "P_1                   \tq2\t1.0000",
             "num_ret               \tall\t5", "P_1                   \tall\t1.0000"],
            result.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void An_unknown_measure_stops_the_command_and_lists_the_valid_ones()
    {
        var result = ModuleHost.Run("Measure-RankingQuality -Run $bm25 -Qrels $qrels -Metric ndcg_cut.10, nDGC", Files());

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("Unknown measure 'nDGC'", error.Exception.Message);
        Assert.Contains("ndcg_cut", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Bad_qrels_and_run_lines_are_reported_with_file_and_line_and_the_rest_is_evaluated()
    {
        var vars = Files();
        vars["qrels"] = Fixtures.Write("qrels.txt", "q1 0 a 2\nq1 0 b high\nq2 0 d 1\n");
        vars["bm25"] = Fixtures.Write("run.txt", "q1 Q0 a 1 3 t\nq1 Q0 b 2\nq2 Q0 d 1 1 t\n");

        var result = ModuleHost.Run("Measure-RankingQuality -Run $bm25 -Qrels $qrels -Metric num_q, P.1", vars);

        Assert.Equal(2, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.Exception.Message.StartsWith($"{vars["qrels"]}:2: expected"));
        Assert.Contains(result.Errors, e => e.Exception.Message.StartsWith($"{vars["bm25"]}:2: expected"));
        Assert.Equal([2.0, 1.0], result.Output.Select(o => (double)o.Properties["Value"].Value));
    }

    [Fact]
    public void A_run_with_a_duplicate_document_is_an_error_naming_query_and_document()
    {
        var vars = Files();
        vars["bm25"] = Fixtures.Write("dup.txt", "q1 Q0 a 1 3 t\nq1 Q0 a 2 2 t\n");

        var result = ModuleHost.Run("Measure-RankingQuality -Run $bm25 -Qrels $qrels -Metric map", vars);

        Assert.Contains("'a' twice for query 'q1'", Assert.Single(result.Errors).Exception.Message);
    }

    [Fact]
    public void Qrels_can_come_from_Import_RearankQrels()
    {
        var result = ModuleHost.Run("Measure-RankingQuality -Run $better -Qrels (Import-RearankQrels $qrels) -Metric P.1", Files()).AssertClean();

        Assert.Equal(1.0, (double)result.Output[0].Properties["Value"].Value);
    }

    [Fact]
    public void Compare_reports_the_difference_and_per_query_deltas_worst_first()
    {
        var result = ModuleHost.Run("""
            Compare-RankingRun -Baseline $bm25 -Run $better -Qrels $qrels -Metric P.1, recip_rank -Permutations 1000
            Import-TrecRun $better | Compare-RankingRun -Baseline $bm25 -Qrels $qrels -Metric P.1 -PerQuery
            """, Files());

        Assert.Null(result.Terminating);
        var p1 = result.Output.Single(o => (string)o.Properties["Measure"].Value == "P_1" && o.Properties["Wins"] is not null);
        Assert.Equal(("P_1", 2, 0.0, 1.0, 2, 0, 0),
            ((string)p1.Properties["Measure"].Value, (int)p1.Properties["Queries"].Value, (double)p1.Properties["BaselineMean"].Value,
             (double)p1.Properties["RunMean"].Value, (int)p1.Properties["Wins"].Value, (int)p1.Properties["Ties"].Value, (int)p1.Properties["Losses"].Value));
        Assert.Equal("Holm", p1.Properties["Correction"].Value.ToString());
        Assert.Equal(["q1", "q2"], result.Output.Skip(2).Select(o => (string)o.Properties["QueryId"].Value));
    }

    [SharedDataFact]
    public void The_dl19_bm25_run_gives_the_published_trec_eval_numbers()
    {
        var result = ModuleHost.Run("""
            Measure-RankingQuality -Run $root/dl19/trec_results_dl19_top100.txt -Qrels $root/dl19/qrels.dl19-passage.txt -Metric ndcg_cut.10 |
                ForEach-Object { $_.Value.ToString('F4', [cultureinfo]::InvariantCulture) }
            Measure-RankingQuality -Run $root/dl19/trec_results_dl19_top100.txt -Qrels $root/dl19/qrels.dl19-passage.txt -Metric map, recall.100 -RelevanceLevel 2 |
                ForEach-Object { $_.Value.ToString('F4', [cultureinfo]::InvariantCulture) }
            """, new Dictionary<string, object?> { ["root"] = SharedData.Root }).AssertClean();

        Assert.Equal(["0.5058", "0.2476", "0.4910"], result.Output.Select(o => (string)o.BaseObject));
    }

    [SharedDataFact]
    public void The_readmes_scifact_commands_give_anserinis_published_figures_flat_and_multifield()
    {
        // The README's commands as written, on BEIR's own files: 300 test topics, -MultiField searched by default as
        // Anserini's multifield runs search theirs.
        var result = ModuleHost.Run("""
            New-Item -ItemType Directory $scratch | Out-Null
            foreach ($multi in $false, $true) {
                $index = Join-Path $scratch "idx-$multi"
                New-Bm25Index $index -CorpusPath $root/scifact/corpus.jsonl -MultiField:$multi | Out-Null
                $test = (Import-RearankQrels $root/scifact/qrels/test.tsv).QueryId | Sort-Object -Unique
                $run = Join-Path $scratch "run-$multi.txt"
                Import-RearankQuery $root/scifact/queries.jsonl | Where-Object QueryId -in $test |
                  Invoke-Bm25Search -Index $index -Top 1000 -RemoveQuery | Export-TrecRun $run -RunTag bm25-flat
                (Measure-RankingQuality $run -Qrels $root/scifact/qrels/test.tsv -Metric ndcg_cut.10, recall.100, recall.1000 -Complete |
                  ForEach-Object { $_.Value.ToString('F4', [cultureinfo]::InvariantCulture) }) -join ' '
                $test.Count
            }
            """, new Dictionary<string, object?> { ["root"] = SharedData.Root, ["scratch"] = Fixtures.NewPath("scifact") }).AssertClean();

        // In trec_eval's order of measures: recall before ndcg_cut.
        Assert.Equal(["0.9253 0.9767 0.6789", "300", "0.9076 0.9800 0.6647", "300"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Metric_names_tab_complete()
    {
        var result = ModuleHost.Run("""
            $line = 'Measure-RankingQuality -Metric ndcg_c'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
            """).AssertClean();

        Assert.Contains("ndcg_cut.10", result.Output.Select(o => (string)o.BaseObject));
        Assert.DoesNotContain("map", result.Output.Select(o => (string)o.BaseObject));
    }

    [SharedDataFact]
    public void AsTrecEval_reproduces_trec_eval_per_query_output_byte_for_byte()
    {
        var result = ModuleHost.Run("""
            $metrics = 'runid', 'num_q', 'num_ret', 'num_rel', 'num_rel_ret', 'map', 'Rprec', 'bpref', 'recip_rank', 'P', 'recall', 'ndcg', 'ndcg_cut', 'map_cut', 'success'
            $ours = Measure-RankingQuality -Run $root/trec_eval-tests/results.test -Qrels $root/trec_eval-tests/qrels.test -Metric $metrics -PerQuery -AsTrecEval
            $names = $ours | ForEach-Object { $_.Split("`t")[0].TrimEnd() } | Sort-Object -Unique
            $expected = Get-Content $root/trec_eval-tests/out.test.aq | Where-Object { $_.Split("`t")[0].TrimEnd() -in $names }
            $ours.Count
            ($ours -join "`n") -ceq ($expected -join "`n")
            """, new Dictionary<string, object?> { ["root"] = SharedData.Root }).AssertClean();

        Assert.True((int)result.Output[0].BaseObject > 150);
        Assert.True((bool)result.Output[1].BaseObject);
    }

    [Fact]
    public void Measure_RearankReward_scores_responses_for_a_window()
    {
        var vars = Files();
        vars["candidates"] = Fixtures.CandidateFile();
        vars["qrels"] = Fixtures.Write("qrels.txt", "1 0 a 0\n1 0 b 1\n1 0 c 2\n");
        var result = ModuleHost.Run("""
            $window = @(Import-RearankCandidate $candidates | Where-Object QueryId -eq 1)
            '<think>c first</think><answer>[3] > [2] > [1]</answer>', '[1] > [2]' | Measure-RearankReward -Candidate $window -Qrels $qrels
            """, vars).AssertClean();

        Assert.Equal([1.0, 0.0], result.Values<double>("Reward").Select(r => Math.Round(r, 9)));
        Assert.Equal([true, false], result.Values<bool>("FormatOk"));
    }
}
