namespace Rearank.Core.Evaluation.Comparison;

/// <summary>Which paired test decides a table's significance marks (ranx's names: student, fisher).</summary>
public enum SignificanceTest
{
    /// <summary>Paired Student's t-test (ranx's default).</summary>
    Student,
    /// <summary>Fisher's paired randomization test (sign flips).</summary>
    Fisher,
}

/// <summary>One run's mean on one measure, whether it is the best of the column, and the runs it is significantly better than.</summary>
public sealed record RankingTableCell(string Measure, double Mean, bool IsBest, IReadOnlyList<string> Beats);

/// <summary>One run of a table: its letter (a, b, ...), the queries it was averaged over, and a cell per measure.</summary>
public sealed record RankingTableRow(string Run, string Letter, int Queries, IReadOnlyList<RankingTableCell> Cells);

/// <summary>
/// A results table as ranx's report makes it: every run's mean per measure over the same queries, the best of each
/// column marked, and beside each figure the letters of the runs it is significantly better than (every pair
/// tested, p-values adjusted over all pairs and measures), with the pairwise comparisons behind the marks.
/// </summary>
public sealed record RankingTable(
    IReadOnlyList<string> Measures,
    IReadOnlyList<RankingTableRow> Rows,
    IReadOnlyList<MeasureComparison> Comparisons,
    SignificanceTest Test,
    double MaxP,
    MultipleTestingCorrection Correction,
    bool Complete,
    IReadOnlyList<DroppedQueries> Dropped)
{
    /// <summary>The letter of the n-th run: a to z, then aa, ab, ...</summary>
    public static string LetterOf(int index) => index < 26 ? ((char)('a' + index)).ToString() : LetterOf(index / 26 - 1) + LetterOf(index % 26);
}

/// <summary>Builds a <see cref="RankingTable"/> from evaluations of the same qrels and measures.</summary>
public static class RankingTableBuilder
{
    /// <param name="results">The runs' evaluations, in the table's order, each over the same queries (see <see cref="CommonQueries"/>).</param>
    /// <param name="comparison">The tests' permutations, seed and p-value correction.</param>
    /// <param name="test">The test whose adjusted p-value decides the marks.</param>
    /// <param name="maxP">A mark needs an adjusted p-value below this (ranx's max_p, 0.01 by default).</param>
    /// <param name="dropped">What each run lost to the common query set, for the table's notes.</param>
    /// <param name="columnOrder">Names to put first, in this order (the measures as asked); the rest follow in trec_eval's order.</param>
    public static RankingTable Build(IReadOnlyList<EvaluationResult> results, ComparisonOptions comparison, SignificanceTest test = SignificanceTest.Student,
        double maxP = 0.01, IReadOnlyList<DroppedQueries>? dropped = null, IReadOnlyList<string>? columnOrder = null)
    {
        if (results.Count == 0) throw new ArgumentException("A table needs at least one run.", nameof(results));
        // Figures a table shows: every aggregate but counts (num_ret and the like say nothing about quality).
        var order = (columnOrder ?? []).ToList();
        var columns = results[0].AggregateNames.Select(results[0].IndexOf)
            .Where(v => !results[0].MeasureOf(v).IsCount)
            .OrderBy(v => order.IndexOf(results[0].Names[v]) is var at and >= 0 ? at : order.Count + v).ToArray();
        var names = columns.Select(v => results[0].Names[v]).ToArray();
        var comparisons = results.Count > 1 ? RunComparison.CompareAll(results, comparison) : [];
        // A measure without per-query values (gm_map, gm_bpref) has no test, so no letters.
        var tested = comparisons.ToDictionary(c => (c.Measure, c.BaselineRun, c.Run));
        var letters = results.Select((_, i) => RankingTable.LetterOf(i)).ToArray();

        var rows = new List<RankingTableRow>();
        for (var r = 0; r < results.Count; r++)
        {
            var cells = new List<RankingTableCell>();
            foreach (var v in columns)
            {
                var name = results[0].Names[v];
                var mean = results[r].Aggregate[v];
                var best = results.All(other => other.Aggregate[v] <= mean);
                var beats = new List<string>();
                for (var o = 0; o < results.Count; o++)
                {
                    if (o == r) continue;
                    if (!tested.TryGetValue((name, results[Math.Min(r, o)].RunTag, results[Math.Max(r, o)].RunTag), out var pair)) continue;
                    var p = test == SignificanceTest.Student ? pair.TTestPAdjusted : pair.RandomizationPAdjusted;
                    var better = r > o ? pair.MeanDifference > 0 : pair.MeanDifference < 0;
                    if (better && p < maxP) beats.Add(letters[o]);
                }
                cells.Add(new RankingTableCell(name, mean, best, beats));
            }
            rows.Add(new RankingTableRow(results[r].RunTag, letters[r], results[r].QueryCount, cells));
        }
        return new RankingTable(names, rows, comparisons, test, maxP, comparison.Correction, results[0].Options.Complete, dropped ?? []);
    }
}
