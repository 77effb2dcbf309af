namespace Rearank.Core.Evaluation.Measures;

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
