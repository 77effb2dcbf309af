using Rearank.Core.Evaluation;
using Rearank.Core.Model;

namespace Rearank.Core.Tests.Evaluation;

/// <summary>Small cases worked out by hand from trec_eval's definitions.</summary>
public sealed class TrecEvaluatorTests
{
    // q1: grades 2, 1, 0 and a negative one; q2: judged, nothing relevant; q3: judged but missing from the run.
    private static readonly Qrels Judgments = Qrels.From(
    [
        new Judgment("q1", "d1", 2), new Judgment("q1", "d2", 1), new Judgment("q1", "d3", 0), new Judgment("q1", "d4", -1),
        new Judgment("q2", "d9", 0),
        new Judgment("q3", "d5", 1),
    ]);

    private static RunRankings Run(params (string Query, string Doc, double Score)[] lines)
    {
        var run = new RunRankings("test");
        foreach (var (query, doc, score) in lines) run.Add(query, doc, score);
        return run;
    }

    // d3 and d1 tie at 5: trec_eval breaks ties by docno descending, so d3 (not relevant) comes first.
    private static readonly RunRankings TiedRun = Run(
        ("q1", "d1", 5), ("q1", "d3", 5), ("q1", "d2", 4), ("q1", "d7", 3), ("q1", "d4", 2),
        ("q2", "d9", 1),
        ("q4", "dx", 1));

    private static EvaluationResult Evaluate(RunRankings run, string[] measures, EvaluationOptions? options = null) =>
        TrecEvaluator.Evaluate(Judgments, run, MeasureCatalog.Parse(measures), options);

    private static double PerQuery(EvaluationResult result, string query, string name) =>
        result.PerQuery.Single(q => q.QueryId == query).Values[result.IndexOf(name)];

    [Fact]
    public void Ties_are_broken_by_docno_descending_and_every_measure_follows()
    {
        var result = Evaluate(TiedRun, ["P.1,2,5", "map", "recip_rank", "Rprec", "bpref", "ndcg_cut.3", "num_ret", "num_rel", "num_rel_ret"]);

        Assert.Equal(0.0, PerQuery(result, "q1", "P_1"));
        Assert.Equal(0.5, PerQuery(result, "q1", "P_2"));
        Assert.Equal(0.4, PerQuery(result, "q1", "P_5"));
        Assert.Equal((1.0 / 2 + 2.0 / 3) / 2, PerQuery(result, "q1", "map"), 12);
        Assert.Equal(0.5, PerQuery(result, "q1", "recip_rank"));
        Assert.Equal(0.5, PerQuery(result, "q1", "Rprec"));
        // The one judged non-relevant document (d3) is above both relevant ones; the negative and unjudged ones do not count.
        Assert.Equal(0.0, PerQuery(result, "q1", "bpref"));
        var dcg = 2 / Math.Log2(3) + 1 / Math.Log2(4);
        var ideal = 2 / Math.Log2(2) + 1 / Math.Log2(3);
        Assert.Equal(dcg / ideal, PerQuery(result, "q1", "ndcg_cut_3"), 12);
        Assert.Equal([5.0, 2.0, 2.0], [PerQuery(result, "q1", "num_ret"), PerQuery(result, "q1", "num_rel"), PerQuery(result, "q1", "num_rel_ret")]);
    }

    [Fact]
    public void By_default_only_queries_in_both_run_and_qrels_are_averaged_and_the_missing_ones_are_named()
    {
        var result = Evaluate(TiedRun, ["num_q", "map", "num_rel"]);

        Assert.Equal(["q1", "q2"], result.PerQuery.Select(q => q.QueryId));
        Assert.Equal(2, result.ValueOf("num_q"));
        // q2 has no relevant document: it is averaged and contributes 0.
        Assert.Equal((1.0 / 2 + 2.0 / 3) / 2 / 2, result.ValueOf("map"), 12);
        Assert.Equal(2, result.ValueOf("num_rel"));
        Assert.Equal(["q3"], result.QrelsQueriesMissingFromRun);
        Assert.Equal(1, result.RunQueriesWithoutJudgments);
    }

    [Fact]
    public void Complete_mode_scores_missing_queries_as_empty_rankings()
    {
        var result = Evaluate(TiedRun, ["num_q", "map", "num_rel", "num_ret"], new EvaluationOptions { Complete = true });

        Assert.Equal(3, result.ValueOf("num_q"));
        Assert.Equal((1.0 / 2 + 2.0 / 3) / 2 / 3, result.ValueOf("map"), 12);
        Assert.Equal(3, result.ValueOf("num_rel"));
        Assert.Equal(6, result.ValueOf("num_ret"));
        Assert.Equal(0, PerQuery(result, "q3", "map"));
    }

    [Fact]
    public void An_empty_run_evaluates_nothing_by_default_and_zero_everywhere_when_complete()
    {
        var empty = new RunRankings("empty");

        Assert.Equal(0, Evaluate(empty, ["map"]).QueryCount);
        var complete = Evaluate(empty, ["num_q", "map", "P.10", "ndcg_cut.10", "num_rel"], new EvaluationOptions { Complete = true });
        Assert.Equal(["num_q", "num_rel", "map", "P_10", "ndcg_cut_10"], complete.Names);
        Assert.Equal([3.0, 3.0, 0, 0, 0], complete.Aggregate);
    }

    [Fact]
    public void A_document_twice_in_one_query_is_an_error_unless_the_depth_cuts_it_off()
    {
        var run = Run(("q1", "d1", 3), ("q1", "d2", 2), ("q1", "d1", 1));

        var error = Assert.Throws<RearankException>(() => Evaluate(run, ["map"]));
        Assert.Contains("'d1' twice for query 'q1'", error.Message);
        Assert.Equal(1.0, Evaluate(run, ["P.1"], new EvaluationOptions { Depth = 1 }).ValueOf("P_1"));
    }

    [Fact]
    public void A_run_deeper_than_the_qrels_pads_nothing_and_divides_precision_by_the_cutoff()
    {
        var deep = new RunRankings("deep");
        deep.Add("q1", "d2", 1000);
        for (var i = 0; i < 1000; i++) deep.Add("q1", $"u{i}", 999 - i);
        deep.Add("q1", "d1", -5);

        var result = Evaluate(deep, ["P.1,1000", "recall.1000", "num_ret", "ndcg"]);

        Assert.Equal(1.0, result.ValueOf("P_1"));
        Assert.Equal(1.0 / 1000, result.ValueOf("P_1000"), 12);
        Assert.Equal(0.5, result.ValueOf("recall_1000"));
        Assert.Equal(1002, result.ValueOf("num_ret"));
        var dcg = 1 / Math.Log2(2) + 2 / Math.Log2(1003);
        Assert.Equal(dcg / (2 + 1 / Math.Log2(3)), result.ValueOf("ndcg"), 12);
    }

    [Fact]
    public void Negative_judgments_count_as_judged_but_never_as_relevant()
    {
        var run = Run(("q1", "d4", 9), ("q1", "d1", 8));

        var result = Evaluate(run, ["P.1", "recip_rank", "bpref", "num_rel"], new EvaluationOptions { RelevanceLevel = 1 });

        Assert.Equal(0, result.ValueOf("P_1"));
        Assert.Equal(0.5, result.ValueOf("recip_rank"));
        // d4 is neither relevant nor judged non-relevant for bpref: d1 has no non-relevant document above it.
        Assert.Equal(1.0 / 2, result.ValueOf("bpref"));
        Assert.Equal(2, result.ValueOf("num_rel"));
    }

    [Fact]
    public void The_relevance_level_moves_binary_measures_but_not_ndcg_gains()
    {
        var run = Run(("q1", "d2", 9), ("q1", "d1", 8));
        var level1 = Evaluate(run, ["P.1", "ndcg_cut.2"]);
        var level2 = Evaluate(run, ["P.1", "ndcg_cut.2"], new EvaluationOptions { RelevanceLevel = 2 });

        Assert.Equal([1.0, 0.0], [level1.ValueOf("P_1"), level2.ValueOf("P_1")]);
        Assert.Equal(level1.ValueOf("ndcg_cut_2"), level2.ValueOf("ndcg_cut_2"));
    }

    [Theory]
    [InlineData("ndcg_cut.10,5", new[] { "ndcg_cut_5", "ndcg_cut_10" })]
    [InlineData("P", new[] { "P_5", "P_10", "P_15", "P_20", "P_30", "P_100", "P_200", "P_500", "P_1000" })]
    [InlineData("success", new[] { "success_1", "success_5", "success_10" })]
    [InlineData("ndcg.1=3,2=9", new[] { "ndcg_1=3,2=9" })]
    [InlineData("RECALL.100", new[] { "recall_100" })]
    public void Measure_arguments_use_trec_eval_syntax_and_defaults(string argument, string[] names) =>
        Assert.Equal(names, MeasureCatalog.Parse([argument]).SelectMany(m => m.Names));

    [Fact]
    public void Measures_come_out_in_trec_eval_order_and_repeated_families_merge()
    {
        var names = MeasureCatalog.Parse(["ndcg_cut.10", "map", "P.10", "P.5", "num_q"]).SelectMany(m => m.Names);

        Assert.Equal(["num_q", "map", "P_5", "P_10", "ndcg_cut_10"], names);
    }

    [Theory]
    [InlineData("ndgc_cut.10", "Unknown measure 'ndgc_cut'")]
    [InlineData("P.0", "positive integers")]
    [InlineData("P.5,5", "given twice")]
    [InlineData("map.5", "takes no parameters")]
    public void Bad_measure_arguments_say_what_is_wrong(string argument, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => MeasureCatalog.Parse([argument])).Message);

    [Fact]
    public void Duplicate_judgments_are_refused()
    {
        var error = Assert.Throws<RearankException>(() => Qrels.From([new Judgment("q", "d", 1), new Judgment("q", "d", 0)]));
        Assert.Contains("'d' twice for query 'q'", error.Message);
    }
}
