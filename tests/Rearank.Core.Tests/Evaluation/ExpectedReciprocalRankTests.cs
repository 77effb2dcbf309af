using System.Globalization;
using Rearank.Core.Evaluation;
using Rearank.Core.IO;
using Rearank.Core.Model;

namespace Rearank.Core.Tests.Evaluation;

/// <summary>ERR@k and nERR@k against gdeval.pl (TREC Web track, version 1.3), run on DL19's BM25 top 100.</summary>
public sealed class ExpectedReciprocalRankTests
{
    // gdeval.pl -k 10 / -k 20 qrels.dl19-passage.txt trec_results_dl19_top100.txt, its 'amean' row and three topics.
    [SharedDataTheory]
    [InlineData(10, "0.31773", "19335:0.57525,47923:0.26666,87181:0.24404")]
    [InlineData(20, "0.32583", "19335:0.58847,47923:0.27630,87181:0.25451")]
    public void Err_matches_gdeval_on_dl19(int k, string mean, string perQuery)
    {
        var qrels = Qrels.From(QrelsReader.Read(SharedData.PathOf("dl19/qrels.dl19-passage.txt")));
        var run = RunLoader.Load(SharedData.PathOf("dl19/trec_results_dl19_top100.txt"));
        var result = TrecEvaluator.Evaluate(qrels, run, MeasureCatalog.Parse([$"ERR.{k}"]));

        Assert.Equal(mean, result.Aggregate[0].ToString("F5", CultureInfo.InvariantCulture));
        foreach (var pair in perQuery.Split(','))
        {
            var (query, value) = (pair.Split(':')[0], pair.Split(':')[1]);
            Assert.Equal(value, result.PerQuery.Single(q => q.QueryId == query).Values[0].ToString("F5", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Err_and_nerr_on_a_hand_worked_ranking()
    {
        // Grades 2, 0, 4 at ranks 1-3: stop chances 3/16, 0, 15/16.
        var qrels = Qrels.From([new Judgment("q", "a", 2), new Judgment("q", "b", 0), new Judgment("q", "c", 4), new Judgment("q", "d", 1)]);
        var run = new RunRankings("r");
        run.Add("q", "a", 3);
        run.Add("q", "b", 2);
        run.Add("q", "c", 1);
        var result = TrecEvaluator.Evaluate(qrels, run, MeasureCatalog.Parse(["ERR.3", "nERR.3"]));

        var err = 3.0 / 16 + (1 - 3.0 / 16) * (15.0 / 16) / 3;
        // Ideal: grades 4, 2, 1 (stop chances 15/16, 3/16, 1/16).
        var ideal = 15.0 / 16 + (1.0 / 16) * (3.0 / 16) / 2 + (1.0 / 16) * (13.0 / 16) * (1.0 / 16) / 3;
        Assert.Equal(err, result.ValueOf("ERR_3"), 12);
        Assert.Equal(err / ideal, result.ValueOf("nERR_3"), 12);
    }

    [Fact]
    public void Ir_measures_names_ask_for_them()
    {
        var groups = MeasureGroups.Parse(["ERR@20", "nERR@10"], 1);

        Assert.Equal(["ERR_20", "nERR_10"], groups.Single().Measures.SelectMany(m => m.Names));
        Assert.Equal("ERR@20", groups.Single().Display("ERR_20"));
    }
}
