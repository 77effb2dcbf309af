using Rearank.Core.Fusion;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Tests.Shared;

namespace Rearank.Core.Tests.Fusion;

/// <summary>Fusion equals ranx's definitions: hand-computed lists on a small case, and the formulas on two whole DL19 runs.</summary>
public sealed class RunFusionTests
{
    // Run a ranks d1 > d2 > d3 (its rank column says otherwise: scores decide, as in trec_eval); b ranks d3 > d4 > d1
    // and alone has query q2.
    private static readonly HitRun A = Run("a", ("q1", "d1", 9, 3.0), ("q1", "d2", 1, 2.0), ("q1", "d3", 2, 1.0));
    private static readonly HitRun B = Run("b", ("q1", "d3", 1, 10.0), ("q1", "d4", 2, 6.0), ("q1", "d1", 3, 0.0), ("q2", "x", 1, 1.0));

    [Fact]
    public void Rrf_sums_reciprocal_ranks_and_breaks_ties_by_docid_descending()
    {
        var fused = Fuse(new FusionOptions());

        // d1: 1/61 + 1/63 and d3: 1/63 + 1/61 tie exactly, so docid descending puts d3 first; d2 and d4 tie at 1/62.
        Assert.Equal([("q1", "d3", 1, 1 / 63.0 + 1 / 61.0), ("q1", "d1", 2, 1 / 61.0 + 1 / 63.0), ("q1", "d4", 3, 1 / 62.0), ("q1", "d2", 4, 1 / 62.0), ("q2", "x", 1, 1 / 61.0)], fused);
        Assert.All(RunFusion.Fuse([A, B], new FusionOptions()), h => Assert.Equal("rrf", h.RunTag));
    }

    [Fact]
    public void CombSum_and_CombMnz_add_min_max_normalised_scores_with_weights()
    {
        // Min-max: a gives d1 1, d2 0.5, d3 0; b gives d3 1, d4 0.6, d1 0.
        Assert.Equal([("q1", "d3", 1, 1.0), ("q1", "d1", 2, 1.0), ("q1", "d4", 3, 0.6), ("q1", "d2", 4, 0.5), ("q2", "x", 1, 0.0)],
            Fuse(new FusionOptions { Method = FusionMethod.CombSUM }));
        // CombMNZ doubles what both runs rank.
        Assert.Equal([("q1", "d3", 1, 2.0), ("q1", "d1", 2, 2.0), ("q1", "d4", 3, 0.6), ("q1", "d2", 4, 0.5), ("q2", "x", 1, 0.0)],
            Fuse(new FusionOptions { Method = FusionMethod.CombMNZ }));
        // Weights 1 and 2: d3 0 + 2, d4 1.2, d1 1 + 0, d2 0.5.
        Assert.Equal([("q1", "d3", 1, 2.0), ("q1", "d4", 2, 1.2), ("q1", "d1", 3, 1.0), ("q1", "d2", 4, 0.5), ("q2", "x", 1, 0.0)],
            Fuse(new FusionOptions { Method = FusionMethod.CombSUM, Weights = [1, 2] }));
    }

    [Fact]
    public void Z_scores_use_the_population_deviation()
    {
        var sigmaA = Math.Sqrt(2 / 3.0);                                              // scores 3, 2, 1
        var meanB = 16 / 3.0;
        var sigmaB = Math.Sqrt((Math.Pow(10 - meanB, 2) + Math.Pow(6 - meanB, 2) + Math.Pow(0 - meanB, 2)) / 3);
        var d1 = (3 - 2) / sigmaA + (0 - meanB) / sigmaB;
        var d3 = (1 - 2) / sigmaA + (10 - meanB) / sigmaB;
        var d4 = (6 - meanB) / sigmaB;

        var fused = Fuse(new FusionOptions { Method = FusionMethod.CombSUM, Normalization = ScoreNormalization.ZScore }).Where(h => h.Query == "q1").ToList();

        Assert.Equal(["d4", "d2", "d1", "d3"], fused.Select(h => h.Doc));
        Assert.Equal([d4, 0.0, d1, d3], fused.Select(h => h.Score), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void Depth_duplicates_and_wrong_settings()
    {
        Assert.Equal(["d3", "d1", "x"], Fuse(new FusionOptions { Depth = 2 }).Select(h => h.Doc));
        var warnings = new List<string>();
        var twice = Run("c", ("q1", "d2", 1, 5.0), ("q1", "d2", 2, 4.0));
        var d2 = Assert.Single(RunFusion.Fuse([A, twice], new FusionOptions(), warnings.Add), h => h.QueryId == "q1" && h.DocId == "d2");
        Assert.Equal(1 / 62.0 + 1 / 61.0, d2.Score);   // a's rank 2, c's first listing
        Assert.Contains("lists document 'd2' twice for query 'q1'", Assert.Single(warnings));

        Assert.Throws<ArgumentException>(() => RunFusion.Fuse([A, B], new FusionOptions { Normalization = ScoreNormalization.MinMax }));
        Assert.Contains("3 weights for 2 runs", Assert.Throws<ArgumentException>(() => RunFusion.Fuse([A, B], new FusionOptions { Weights = [1, 2, 3] })).Message);
    }

    [SharedDataFact]
    public void Two_dl19_runs_fuse_to_the_definitions_on_every_query()
    {
        var first = new HitRun("top100", TrecRunReader.Read(SharedData.PathOf("dl19/trec_results_dl19_top100.txt")).ToList());
        var second = new HitRun("flat", TrecRunReader.Read(SharedData.PathOf("dl19/run.beir.bm25-flat.dl-2019.txt")).ToList());

        foreach (var method in new[] { FusionMethod.RRF, FusionMethod.CombSUM })
        {
            var fused = RunFusion.Fuse([first, second], new FusionOptions { Method = method }).ToList();
            var expected = Definition([first, second], method);

            Assert.Equal(expected.Select(e => (e.Query, e.Doc)), fused.Select(h => (h.QueryId, h.DocId)));
            Assert.Equal(expected.Select(e => e.Score), fused.Select(h => h.Score), new ToleranceComparer(1e-12));
            Assert.True(fused.Count > 40 * 100, $"{fused.Count} fused hits");
        }
    }

    /// <summary>The textbook formulas, written out without the engine: rank from (score desc, docid desc), min-max per query.</summary>
    private static List<(string Query, string Doc, double Score)> Definition(HitRun[] runs, FusionMethod method)
    {
        var scores = new Dictionary<(string Query, string Doc), double>();
        var queryOrder = new List<string>();
        foreach (var run in runs)
            foreach (var query in run.Hits.GroupBy(h => h.QueryId))
            {
                if (!queryOrder.Contains(query.Key)) queryOrder.Add(query.Key);
                var ranked = query.OrderByDescending(h => h.Score).ThenByDescending(h => h.DocId, StringComparer.Ordinal).ToList();
                double min = ranked.Min(h => h.Score), max = ranked.Max(h => h.Score);
                for (var i = 0; i < ranked.Count; i++)
                {
                    var value = method == FusionMethod.RRF ? 1.0 / (60 + i + 1) : (ranked[i].Score - min) / Math.Max(max - min, 1e-9);
                    scores[(query.Key, ranked[i].DocId)] = scores.GetValueOrDefault((query.Key, ranked[i].DocId)) + value;
                }
            }
        return queryOrder.SelectMany(q => scores.Where(s => s.Key.Query == q)
                .OrderByDescending(s => s.Value).ThenByDescending(s => s.Key.Doc, StringComparer.Ordinal)
                .Select(s => (q, s.Key.Doc, s.Value)))
            .ToList();
    }

    private static List<(string Query, string Doc, int Rank, double Score)> Fuse(FusionOptions options) =>
        RunFusion.Fuse([A, B], options).Select(h => (h.QueryId, h.DocId, h.Rank, h.Score)).ToList();

    private static HitRun Run(string name, params (string Query, string Doc, int Rank, double Score)[] hits) =>
        new(name, hits.Select(h => new RankedHit { QueryId = h.Query, DocId = h.Doc, Rank = h.Rank, Score = h.Score, RunTag = name }).ToList());

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
