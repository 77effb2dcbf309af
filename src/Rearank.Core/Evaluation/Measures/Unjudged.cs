namespace Rearank.Core.Evaluation.Measures;

/// <summary>
/// unj.k: the share of the top k without a usable judgment (absent from the qrels or judged negative), divided by k
/// (a list shorter than k counts as padded with judged documents). A high value at small k means the pool does not
/// cover the run.
/// </summary>
public sealed class Unjudged(IReadOnlyList<int> cutoffs) : CutoffMeasure("unj", cutoffs)
{
    protected override double AtCutoff(RankedRelevance query, int cutoff)
    {
        if (query.IsPlaceholder) return 0;
        var unjudged = 0;
        var end = Math.Min(cutoff, query.Retrieved);
        for (var i = 0; i < end; i++)
            if (query.Grades[i] < 0) unjudged++;
        return (double)unjudged / cutoff;
    }
}
