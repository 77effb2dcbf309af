using Rearank.Core.Evaluation;
using Rearank.Core.IO;

namespace Rearank.Core.Tests.Evaluation;

/// <summary>
/// Our output against trec_eval 10's own expected files (its 'make quicktest'): every line of each file, byte for
/// byte, in the same order.
/// </summary>
public sealed class TrecEvalSuiteTests
{
    private static readonly string[] AllTrec = ["all_trec"];

    private static string Suite(string name) => SharedData.PathOf(Path.Combine("trec_eval-tests", name));

    private static void AssertMatches(string expectedFile, string qrelsFile, string runFile, IEnumerable<string> measures,
        bool perQuery, EvaluationOptions? options = null, string format = "qrels")
    {
        var qrels = format switch
        {
            "qrels_jg" => Qrels.FromJudgmentGroups(QrelsReader.ReadJudgmentGroups(Suite(qrelsFile))),
            "prefs" => Qrels.FromPreferences(PreferencesReader.ReadPrefs(Suite(qrelsFile))),
            "qrels_prefs" => Qrels.FromPreferences(PreferencesReader.ReadQrels(Suite(qrelsFile))),
            _ => Qrels.From(QrelsReader.Read(Suite(qrelsFile), QrelsFormat.Trec)),
        };
        var run = RunLoader.Load(Suite(runFile));
        var result = TrecEvaluator.Evaluate(qrels, run, MeasureCatalog.Parse(measures), options);
        var ours = TrecEvalFormat.Lines(result, perQuery).ToList();
        var expected = File.ReadLines(Suite(expectedFile)).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, ours);
    }

    [SharedDataFact]
    public void Default_measures_match_out_test() =>
        AssertMatches("out.test", "qrels.test", "results.test", MeasureCatalog.Official, perQuery: false);

    [SharedDataFact]
    public void Qrels_with_comment_lines_give_the_same_output() =>
        AssertMatches("out.test", "qrels.test.with-comments", "results.test", MeasureCatalog.Official, perQuery: false);

    [SharedDataFact]
    public void Hashes_inside_docnos_and_run_only_queries_match_out_comment_test() =>
        AssertMatches("out.comment.test", "qrels.comment.test", "results.comment.test", MeasureCatalog.Official, perQuery: false);

    [SharedDataFact]
    public void All_measures_match_out_test_a() =>
        AssertMatches("out.test.a", "qrels.test", "results.test", AllTrec, perQuery: false);

    [SharedDataFact]
    public void Per_query_values_match_out_test_aq() =>
        AssertMatches("out.test.aq", "qrels.test", "results.test", AllTrec, perQuery: true);

    [SharedDataFact]
    public void Complete_mode_on_a_truncated_run_matches_out_test_aqc() =>
        AssertMatches("out.test.aqc", "qrels.test", "results.trunc", AllTrec, perQuery: true, new EvaluationOptions { Complete = true });

    [SharedDataFact]
    public void Depth_100_matches_out_test_aqcM() =>
        AssertMatches("out.test.aqcM", "qrels.test", "results.trunc", AllTrec, perQuery: true, new EvaluationOptions { Complete = true, Depth = 100 });

    [SharedDataFact]
    public void Relevance_level_2_with_graded_and_negative_judgments_matches_out_test_aql() =>
        AssertMatches("out.test.aql", "qrels.rel_level", "results.test", ["all_trec", "relstring.20"], perQuery: true, new EvaluationOptions { RelevanceLevel = 2 });

    [SharedDataTheory]
    [InlineData("qrels.123")]
    [InlineData("qrels.comments.123")]
    public void Judgment_groups_match_out_test_qrels_jg(string qrels) =>
        AssertMatches("out.test.qrels_jg", qrels, "results.test", ["qrels_jg"], perQuery: true, format: "qrels_jg");

    [SharedDataTheory]
    [InlineData("prefs.test")]
    [InlineData("prefs.comment.test")]
    public void Preferences_match_out_test_prefs(string prefs) =>
        AssertMatches("out.test.prefs", prefs, "prefs.results.test", ["all_prefs"], perQuery: true, format: "prefs");

    [SharedDataFact]
    public void Qrels_read_as_preferences_match_out_test_qrels_prefs() =>
        AssertMatches("out.test.qrels_prefs", "qrels.test", "results.test", ["all_prefs"], perQuery: true, format: "qrels_prefs");

    [SharedDataFact]
    public void Z_scores_match_out_test_aqZ() =>
        AssertMatches("out.test.aqZ", "qrels.test", "results.test", AllTrec, perQuery: true,
            new EvaluationOptions { ZScores = ZScoresReader.Read(Suite("zscores_file")) });

    [SharedDataFact]
    public void Measure_parameters_match_out_test_meas_params() =>
        AssertMatches("out.test.meas_params", "qrels.test", "results.test",
            ["iprec_at_recall..10,.20,.25,.75,.50", "P.5,7,3", "recall.20,2000", "Rprec_mult.5.0,0.2,0.35", "utility.2,-1,0,0",
                "11pt_avg..25,.5,.75", "ndcg.1=3,2=9,4=4.5", "ndcg_cut.10,20,23.4", "success.2,5,20"], perQuery: true);

    // Real graded data: TREC DL 2019/2020 BM25 runs, evaluated by trec_eval 10 with -c -q, at -l 1 and -l 2.
    [SharedDataTheory]
    [InlineData("dl19", "trec_results_dl19_top100", "qrels.dl19-passage.txt", 1)]
    [InlineData("dl19", "trec_results_dl19_top100", "qrels.dl19-passage.txt", 2)]
    [InlineData("dl19", "run.beir.bm25-flat.dl-2019", "qrels.dl19-passage.txt", 1)]
    [InlineData("dl19", "run.beir.bm25-flat.dl-2019", "qrels.dl19-passage.txt", 2)]
    [InlineData("dl20", "trec_results_dl20_top100", "qrels.dl20-passage.txt", 1)]
    [InlineData("dl20", "trec_results_dl20_top100", "qrels.dl20-passage.txt", 2)]
    public void Trec_dl_runs_match_trec_eval_on_graded_judgments(string track, string run, string qrels, int level)
    {
        var suffix = level == 2 ? ".l2" : "";
        AssertMatches(Path.Combine("..", track, "trec_eval_outputs", $"{run}.all_trec.q.c{suffix}.txt"),
            Path.Combine("..", track, qrels), Path.Combine("..", track, run + ".txt"), AllTrec, perQuery: true,
            new EvaluationOptions { Complete = true, RelevanceLevel = level });
    }
}
