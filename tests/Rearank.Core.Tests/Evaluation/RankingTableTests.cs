using Rearank.Core.Evaluation;
using Rearank.Core.Evaluation.Comparison;
using Rearank.Core.Model;
using Rearank.Core.Reporting;

namespace Rearank.Core.Tests.Evaluation;

public sealed class RankingTableTests
{
    private static readonly Qrels Judgments = Qrels.From(Enumerable.Range(1, 30).SelectMany(q =>
        Enumerable.Range(1, 10).Select(d => new Judgment($"q{q}", $"d{d}", d <= 3 ? 1 : 0))));

    /// <summary>A run placing the relevant documents d1-d3 at the given ranks (1-based) of ten, for queries 1..<paramref name="queries"/>.</summary>
    private static RunRankings Run(string tag, int[] relevantRanks, int queries = 30)
    {
        var run = new RunRankings(tag);
        for (var q = 1; q <= queries; q++)
        {
            var others = Enumerable.Range(4, 7).Select(d => $"d{d}").GetEnumerator();
            for (var rank = 1; rank <= 10; rank++)
            {
                var at = Array.IndexOf(relevantRanks, rank);
                var doc = at >= 0 ? $"d{at + 1}" : others.MoveNext() ? others.Current : throw new InvalidOperationException();
                // Query-dependent noise keeps the differences from being all equal (a t-test needs variance).
                run.Add($"q{q}", doc, 100 - rank - (q % 3 == 0 && rank == 10 ? 0.5 : 0));
            }
        }
        return run;
    }

    private static EvaluationResult Evaluate(RunRankings run) => TrecEvaluator.Evaluate(Judgments, run, MeasureCatalog.Parse(["P.5", "recip_rank"]));

    [Fact]
    public void Letters_bold_and_significance_marks_follow_the_tests()
    {
        var bad = Evaluate(Run("bad", [8, 9, 10]));
        var good = Evaluate(Run("good", [1, 2, 3]));
        var table = RankingTableBuilder.Build([bad, good], new ComparisonOptions { Permutations = 2000 });

        Assert.Equal(["a", "b"], table.Rows.Select(r => r.Letter));
        Assert.Equal(["recip_rank", "P_5"], table.Measures);   // trec_eval's order unless asked otherwise
        var goodRow = table.Rows[1];
        Assert.All(goodRow.Cells, c => Assert.True(c.IsBest));
        Assert.All(goodRow.Cells, c => Assert.Equal(["a"], c.Beats));
        Assert.All(table.Rows[0].Cells, c => Assert.Empty(c.Beats));
        // Two measures, one pair: two tests adjusted together.
        Assert.Equal(2, table.Comparisons.Count);
    }

    [Fact]
    public void Equal_runs_tie_for_best_and_beat_nobody()
    {
        var table = RankingTableBuilder.Build([Evaluate(Run("x", [1, 5, 9])), Evaluate(Run("y", [1, 5, 9]))], new ComparisonOptions { Permutations = 100 });

        Assert.All(table.Rows.SelectMany(r => r.Cells), c => Assert.True(c.IsBest));
        Assert.All(table.Rows.SelectMany(r => r.Cells), c => Assert.Empty(c.Beats));
    }

    [Fact]
    public void All_pairs_are_tested_and_adjusted_as_one_family()
    {
        var results = new[] { Evaluate(Run("a", [8, 9, 10])), Evaluate(Run("b", [4, 5, 6])), Evaluate(Run("c", [1, 2, 3])) };
        var comparisons = RunComparison.CompareAll(results, new ComparisonOptions { Permutations = 500 });

        Assert.Equal(["a-b", "a-c", "b-c"], comparisons.Select(c => $"{c.BaselineRun}-{c.Run}").Distinct());
        Assert.Equal(6, comparisons.Count);
        // Holm over six tests: the smallest raw p is multiplied by six.
        var smallest = comparisons.MinBy(c => c.TTestP)!;
        Assert.Equal(Math.Min(1, smallest.TTestP * 6), smallest.TTestPAdjusted, 12);
        Assert.All(comparisons, c => Assert.True(c.TTestPAdjusted >= c.TTestP));
    }

    [Fact]
    public void Runs_are_restricted_to_the_judged_queries_they_all_rank()
    {
        var full = Run("full", [1, 2, 3]);
        var partial = Run("partial", [1, 2, 3], queries: 3);
        var (runs, dropped, kept) = CommonQueries.Restrict([full, partial], Judgments, new EvaluationOptions());

        Assert.Equal(3, kept.Count);
        Assert.Equal(3, runs[0].QueryCount);
        var loss = Assert.Single(dropped);
        Assert.Equal("full", loss.RunTag);
        Assert.Equal(27, loss.QueryIds.Count);
        Assert.Equal("q10", loss.QueryIds[0]);   // trec_eval's byte order
        // With -c every judged query counts for every run: nothing is dropped.
        Assert.Empty(CommonQueries.Restrict([full, partial], Judgments, new EvaluationOptions { Complete = true }).Dropped);
    }

    [Fact]
    public void Latex_is_booktabs_with_bold_best_and_escaped_names()
    {
        var table = RankingTableBuilder.Build([Evaluate(Run("bm25_flat & co", [8, 9, 10])), Evaluate(Run("rerank", [1, 2, 3]))],
            new ComparisonOptions { Permutations = 200 });
        var latex = RankingTableText.Write(table, RankingTableFormat.Latex, digits: 3, label: "tab:x");

        Assert.Contains("\\toprule", latex);
        Assert.Contains("\\midrule", latex);
        Assert.Contains("\\bottomrule", latex);
        Assert.Contains("\\label{tab:x}", latex);
        Assert.Contains("a & bm25\\_flat \\& co & 0.125 & 0.000 \\\\", latex);
        Assert.Contains("b & rerank & \\textbf{1.000}$^{a}$ & \\textbf{0.600}$^{a}$ \\\\", latex);
        Assert.Contains("recip\\_rank & P\\_5", latex);
    }

    [Fact]
    public void Markdown_csv_and_json_carry_the_same_marks()
    {
        var table = RankingTableBuilder.Build([Evaluate(Run("base, one", [8, 9, 10])), Evaluate(Run("rerank", [1, 2, 3]))],
            new ComparisonOptions { Permutations = 200 });

        var markdown = RankingTableText.Write(table, RankingTableFormat.Markdown);
        Assert.Contains("| b | rerank | **1.0000**<sup>a</sup> | **0.6000**<sup>a</sup> |", markdown);
        Assert.Contains("|---|---|---:|---:|", markdown);

        var csv = RankingTableText.Write(table, RankingTableFormat.Csv).Split('\n');
        Assert.Equal("Letter,Run,Queries,recip_rank,recip_rank best,recip_rank better than,P_5,P_5 best,P_5 better than", csv[0]);
        Assert.Equal("a,\"base, one\",30,0.1250,false,,0.0000,false,", csv[1]);
        Assert.Equal("b,rerank,30,1.0000,true,a,0.6000,true,a", csv[2]);

        using var json = System.Text.Json.JsonDocument.Parse(RankingTableText.Write(table, RankingTableFormat.Json));
        Assert.Equal("Student", json.RootElement.GetProperty("Test").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("Comparisons").GetArrayLength());
        Assert.Equal("a", json.RootElement.GetProperty("Rows")[1].GetProperty("Cells")[0].GetProperty("Beats")[0].GetString());
    }

    [Fact]
    public void A_geometric_mean_is_a_column_without_letters_and_counts_and_text_are_left_out()
    {
        var measures = MeasureCatalog.Parse(["gm_map", "map", "num_ret", "relstring"]);
        var bad = TrecEvaluator.Evaluate(Judgments, Run("bad", [8, 9, 10]), measures);
        var good = TrecEvaluator.Evaluate(Judgments, Run("good", [1, 2, 3]), measures);
        var table = RankingTableBuilder.Build([bad, good], new ComparisonOptions { Permutations = 200 });

        Assert.Equal(["map", "gm_map"], table.Measures);
        Assert.Equal(["a"], table.Rows[1].Cells[0].Beats);
        Assert.Empty(table.Rows[1].Cells[1].Beats);
        Assert.Equal(good.ValueOf("gm_map"), table.Rows[1].Cells[1].Mean);
    }

    [Fact]
    public void Per_query_views_leave_out_logarithms_text_and_run_level_counts()
    {
        var result = TrecEvaluator.Evaluate(Judgments, Run("x", [1, 5, 9]), MeasureCatalog.Parse(["runid", "num_q", "num_ret", "map", "gm_map", "relstring"]));

        Assert.Equal(["num_ret", "map"], result.PerQueryNames);
        Assert.Equal(["num_q", "num_ret", "map", "gm_map"], result.AggregateNames);
    }

    [Fact]
    public void Columns_follow_the_order_asked()
    {
        var table = RankingTableBuilder.Build([Evaluate(Run("x", [1, 5, 9]))], new ComparisonOptions(), columnOrder: ["P_5", "recip_rank"]);

        Assert.Equal(["P_5", "recip_rank"], table.Measures);
    }
}
