namespace Rearank.Core.Evaluation.Measures;

/// <summary>
/// judged.k (ir_measures' Judged@k): the share of the top k that has a judgment of any grade, divided by k as P.k
/// is. Reranked runs surface documents the pool never judged; papers report this beside nDCG.
/// </summary>
public sealed class Judged(IReadOnlyList<int> cutoffs) : CutoffMeasure("judged", cutoffs)
{
    protected override double AtCutoff(RankedRelevance query, int cutoff)
    {
        var judged = 0;
        var end = Math.Min(cutoff, query.Retrieved);
        for (var i = 0; i < end; i++)
            if (query.Grades[i] != RankedRelevance.NotJudged) judged++;
        return (double)judged / cutoff;
    }
}

/// <summary>recip_rank_cut.k (ir_measures' RR@k): 1 / the rank of the first relevant document within the top k, else 0.</summary>
public sealed class ReciprocalRankAtCutoff(IReadOnlyList<int> cutoffs) : CutoffMeasure("recip_rank_cut", cutoffs)
{
    protected override double AtCutoff(RankedRelevance query, int cutoff)
    {
        var end = Math.Min(cutoff, query.Retrieved);
        for (var i = 0; i < end; i++)
            if (query.IsRelevant(i)) return 1.0 / (i + 1);
        return 0;
    }
}
