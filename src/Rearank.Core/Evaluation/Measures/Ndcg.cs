namespace Rearank.Core.Evaluation.Measures;

/// <summary>
/// ndcg: DCG over the whole ranking divided by the ideal DCG over all judged documents, with trec_eval's linear
/// gains (the grade itself, not 2^grade - 1) and discount log2(rank + 1). Gains can be remapped per grade
/// (ndcg.1=3,2=9 gives grade 1 a gain of 3 and grade 2 a gain of 9); the relevance level plays no part.
/// </summary>
public sealed class Ndcg : Measure
{
    private readonly IReadOnlyDictionary<int, double> gainMap;

    public Ndcg(IReadOnlyDictionary<int, double> gainMap, string? printableParameters)
        : base("ndcg", [printableParameters is null ? "ndcg" : $"ndcg_{printableParameters}"]) =>
        this.gainMap = gainMap;

    public override void Compute(RankedRelevance query, Span<double> values)
    {
        double dcg = 0;
        for (var i = 0; i < query.Retrieved; i++)
        {
            var gain = Gain(query.Grades[i], query.LevelCounts.Count);
            if (gain != 0) dcg += gain / Math.Log2(i + 2);
        }
        var ideal = IdealDcg(query);
        values[0] = ideal > 0 ? dcg / ideal : 0;
    }

    /// <summary>A remapped grade's gain, else the grade itself for grades the query has, else nothing.</summary>
    private double Gain(int grade, int gradeCount) =>
        gainMap.TryGetValue(grade, out var mapped) ? mapped : grade >= 0 && grade < gradeCount ? grade : 0;

    private double IdealDcg(RankedRelevance query)
    {
        // Every judged document's gain, best first, until gains stop being positive.
        var levels = Enumerable.Range(0, query.LevelCounts.Count)
            .Select(g => (Gain: Gain(g, query.LevelCounts.Count), Count: query.LevelCounts[g]))
            .Where(l => l.Count > 0 && l.Gain > 0)
            .OrderByDescending(l => l.Gain);
        double ideal = 0;
        var rank = 0;
        foreach (var (gain, count) in levels)
            for (var n = 0; n < count; n++, rank++)
                ideal += gain / Math.Log2(rank + 2);
        return ideal;
    }
}

/// <summary>
/// ndcg_cut.k: ndcg over the top k, with the ideal ranking cut at k too. Gains are the grades as judged
/// (a negative or unjudged document adds nothing).
/// </summary>
public sealed class NdcgAtCutoff(IReadOnlyList<int> cutoffs) : CutoffMeasure("ndcg_cut", cutoffs)
{
    protected override double AtCutoff(RankedRelevance query, int cutoff)
    {
        double dcg = 0;
        var end = Math.Min(cutoff, query.Retrieved);
        for (var i = 0; i < end; i++)
            if (query.Grades[i] > 0) dcg += query.Grades[i] / Math.Log2(i + 2);
        var ideal = IdealDcg(query, cutoff);
        return ideal > 0 ? dcg / ideal : 0;
    }

    private static double IdealDcg(RankedRelevance query, int cutoff)
    {
        double ideal = 0;
        var rank = 0;
        for (var grade = query.LevelCounts.Count - 1; grade > 0 && rank < cutoff; grade--)
            for (var n = 0; n < query.LevelCounts[grade] && rank < cutoff; n++, rank++)
                ideal += grade / Math.Log2(rank + 2);
        return ideal;
    }
}
