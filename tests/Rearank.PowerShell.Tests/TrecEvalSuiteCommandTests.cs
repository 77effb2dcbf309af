using Rearank.PowerShell.Tests.Support;

namespace Rearank.PowerShell.Tests;

/// <summary>
/// trec_eval 10's own test suite through the cmdlet, as a user moving over from trec_eval types it: each expected
/// file equals Measure-RankingQuality -AsTrecEval's output line for line.
/// </summary>
public sealed class TrecEvalSuiteCommandTests
{
    [SharedDataTheory]
    [InlineData("out.test", "-Qrels qrels.test -Run results.test")]
    [InlineData("out.test", "-Qrels qrels.test.with-comments -Run results.test")]
    [InlineData("out.comment.test", "-Qrels qrels.comment.test -Run results.comment.test")]
    [InlineData("out.test.a", "-Metric all_trec -Qrels qrels.test -Run results.test")]
    [InlineData("out.test.aq", "-Metric all_trec -PerQuery -Qrels qrels.test -Run results.test")]
    [InlineData("out.test.aqc", "-Metric all_trec -PerQuery -Complete -Qrels qrels.test -Run results.trunc")]
    [InlineData("out.test.aqcM", "-Metric all_trec -PerQuery -Complete -Depth 100 -Qrels qrels.test -Run results.trunc")]
    [InlineData("out.test.aql", "-Metric all_trec, relstring.20 -PerQuery -RelevanceLevel 2 -Qrels qrels.rel_level -Run results.test")]
    [InlineData("out.test.meas_params", "-PerQuery -Metric iprec_at_recall..10,.20,.25,.75,.50, P.5,7,3, recall.20,2000, Rprec_mult.5.0,0.2,0.35, 'utility.2,-1,0,0', '11pt_avg..25,.5,.75', 'ndcg.1=3,2=9,4=4.5', ndcg_cut.10,20,23.4, success.2,5,20 -Qrels qrels.test -Run results.test")]
    [InlineData("out.test.aqZ", "-PerQuery -Metric all_trec -ZScoreFile zscores_file -Qrels qrels.test -Run results.test")]
    [InlineData("out.test.qrels_jg", "-Metric qrels_jg -PerQuery -JudgmentFormat qrels_jg -Qrels qrels.123 -Run results.test")]
    [InlineData("out.test.qrels_jg", "-PerQuery -JudgmentFormat qrels_jg -Qrels qrels.comments.123 -Run results.test")]
    [InlineData("out.test.prefs", "-Metric all_prefs -PerQuery -JudgmentFormat prefs -Qrels prefs.test -Run prefs.results.test")]
    [InlineData("out.test.prefs", "-Metric all_prefs -PerQuery -JudgmentFormat prefs -Qrels prefs.comment.test -Run prefs.results.test")]
    [InlineData("out.test.qrels_prefs", "-Metric all_prefs -PerQuery -JudgmentFormat qrels_prefs -Qrels qrels.test -Run results.test")]
    public void The_cmdlet_prints_trec_eval_s_expected_output(string expectedFile, string arguments)
    {
        var suite = SharedData.PathOf("trec_eval-tests");
        var result = ModuleHost.Run($"Set-Location $suite; Measure-RankingQuality -AsTrecEval {arguments}",
            new Dictionary<string, object?> { ["suite"] = suite }).AssertClean();

        Assert.Equal(File.ReadAllLines(Path.Combine(suite, expectedFile)), result.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void A_plain_measure_with_judgment_groups_stops_with_its_name()
    {
        var qrels = Fixtures.Write("groups.txt", "q1 a d1 1\nq1 b d1 0\n");
        var run = Fixtures.Write("run.txt", "q1 Q0 d1 1 1 r\n");
        var result = ModuleHost.Run("Measure-RankingQuality -Run $run -Qrels $qrels -JudgmentFormat qrels_jg -Metric map",
            new Dictionary<string, object?> { ["qrels"] = qrels, ["run"] = run });

        var error = Assert.Single(result.Errors);
        Assert.Equal("MeasureNeedsPlainQrels,Rearank.PowerShell.Commands.MeasureRankingQualityCommand", error.FullyQualifiedErrorId);
        Assert.Contains("'map' needs plain qrels", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Judgment_groups_average_each_group_s_value()
    {
        // Group a finds d1 relevant, group b does not: map_avgjg is (1 + 0) / 2.
        var qrels = Fixtures.Write("groups.txt", "q1 a d1 1\nq1 b d1 0\nq1 b d2 1\n");
        var run = Fixtures.Write("run.txt", "q1 Q0 d1 1 2 r\n");
        var result = ModuleHost.Run("Measure-RankingQuality -Run $run -Qrels $qrels -JudgmentFormat qrels_jg -Metric map_avgjg",
            new Dictionary<string, object?> { ["qrels"] = qrels, ["run"] = run }).AssertClean();

        Assert.Equal(0.5, (double)result.Output.Single().Properties["Value"].Value);
    }

    [Fact]
    public void Preference_measures_on_graded_qrels_stop_and_say_how_to_read_preferences()
    {
        var qrels = Fixtures.Write("qrels.txt", "q1 0 d1 1\n");
        var run = Fixtures.Write("run.txt", "q1 Q0 d1 1 2 r\n");
        var result = ModuleHost.Run("Measure-RankingQuality -Run $run -Qrels $qrels -Metric prefs_simp",
            new Dictionary<string, object?> { ["qrels"] = qrels, ["run"] = run });

        var error = Assert.Single(result.Errors);
        Assert.Equal("MeasureNeedsPlainQrels,Rearank.PowerShell.Commands.MeasureRankingQualityCommand", error.FullyQualifiedErrorId);
        Assert.Contains("needs preference judgments", error.Exception.Message);
    }

    [Fact]
    public void Contradicting_preferences_are_an_error_naming_the_group()
    {
        // Subgroup a: d1 > d2; subgroup b: d2 > d1, in one judgment group.
        var prefs = Fixtures.Write("prefs.txt", "q1 g a d1 2\nq1 g a d2 1\nq1 g b d2 2\nq1 g b d1 1\n");
        var run = Fixtures.Write("run.txt", "q1 Q0 d1 1 2 r\n");
        var result = ModuleHost.Run("Measure-RankingQuality -Run $run -Qrels $prefs -JudgmentFormat prefs",
            new Dictionary<string, object?> { ["prefs"] = prefs, ["run"] = run });

        Assert.Contains("contradict", Assert.Single(result.Errors).Exception.Message);
    }

    [Fact]
    public void A_missing_z_score_file_stops_the_command_instead_of_printing_plain_values()
    {
        var qrels = Fixtures.Write("qrels.txt", "q1 0 d1 1\n");
        var run = Fixtures.Write("run.txt", "q1 Q0 d1 1 2 r\n");
        var result = ModuleHost.Run("Measure-RankingQuality -Run $run -Qrels $qrels -ZScoreFile (Join-Path (Split-Path $run) 'no-such-z.txt') -Metric map",
            new Dictionary<string, object?> { ["qrels"] = qrels, ["run"] = run });

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidZScores,Rearank.PowerShell.Commands.MeasureRankingQualityCommand", error.FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_bad_z_score_line_names_the_file_and_line()
    {
        var qrels = Fixtures.Write("qrels.txt", "q1 0 d1 1\n");
        var run = Fixtures.Write("run.txt", "q1 Q0 d1 1 2 r\n");
        var z = Fixtures.Write("z.txt", "q1 map 0.5 0.1\nq1 P_5 high 0.1\n");
        var result = ModuleHost.Run("Measure-RankingQuality -Run $run -Qrels $qrels -ZScoreFile $z -Metric map",
            new Dictionary<string, object?> { ["qrels"] = qrels, ["run"] = run, ["z"] = z });

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidZScores,Rearank.PowerShell.Commands.MeasureRankingQualityCommand", error.FullyQualifiedErrorId);
        Assert.Contains($"{z}:2:", error.Exception.Message);
        Assert.Empty(result.Output);
    }
}
