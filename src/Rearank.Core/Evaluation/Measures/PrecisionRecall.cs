namespace Rearank.Core.Evaluation.Measures;

/// <summary>P.k: relevant in the top k divided by k; a list shorter than k counts as padded with non-relevant.</summary>
public sealed class Precision(IReadOnlyList<int> cutoffs) : CutoffMeasure("P", cutoffs)
{
    protected override double AtCutoff(RankedRelevance query, int cutoff) => (double)RelevantInTop(query, cutoff) / cutoff;
}

/// <summary>recall.k: relevant in the top k divided by num_rel (0 without relevant documents).</summary>
public sealed class Recall(IReadOnlyList<int> cutoffs) : CutoffMeasure("recall", cutoffs)
{
    protected override double AtCutoff(RankedRelevance query, int cutoff) =>
        query.RelevantCount == 0 ? 0 : (double)RelevantInTop(query, cutoff) / query.RelevantCount;
}

/// <summary>success.k: 1 when a relevant document is in the top k.</summary>
public sealed class Success(IReadOnlyList<int> cutoffs) : CutoffMeasure("success", cutoffs)
{
    protected override double AtCutoff(RankedRelevance query, int cutoff) => RelevantInTop(query, cutoff) > 0 ? 1 : 0;
}

/// <summary>Rprec: precision at rank num_rel (divided by num_rel even when fewer were retrieved).</summary>
public sealed class RPrecision() : Measure("Rprec", ["Rprec"])
{
    public override void Compute(RankedRelevance query, Span<double> values)
    {
        var depth = Math.Min(query.Retrieved, query.RelevantCount);
        values[0] = depth == 0 ? 0 : (double)CountRelevant(query, depth) / query.RelevantCount;
    }

    private static int CountRelevant(RankedRelevance query, int depth)
    {
        var found = 0;
        for (var i = 0; i < depth; i++)
            if (query.IsRelevant(i)) found++;
        return found;
    }
}

/// <summary>recip_rank: 1 / the rank of the first relevant document, 0 when none is retrieved.</summary>
public sealed class ReciprocalRank() : Measure("recip_rank", ["recip_rank"])
{
    public override void Compute(RankedRelevance query, Span<double> values)
    {
        values[0] = 0;
        for (var i = 0; i < query.Retrieved; i++)
        {
            if (!query.IsRelevant(i)) continue;
            values[0] = 1.0 / (i + 1);
            return;
        }
    }
}

/// <summary>relative_P.k: relevant in the top k over the most the top k could hold, min(k, num_rel).</summary>
public sealed class RelativePrecision(IReadOnlyList<int> cutoffs) : CutoffMeasure("relative_P", cutoffs)
{
    protected override double AtCutoff(RankedRelevance query, int cutoff) =>
        query.RelevantCount == 0 ? 0 : (double)RelevantInTop(query, cutoff) / Math.Min(cutoff, query.RelevantCount);
}
