namespace Rearank.Core.Evaluation.Measures;

/// <summary>map: precision at each relevant retrieved document, summed and divided by num_rel.</summary>
public sealed class AveragePrecision() : Measure("map", ["map"])
{
    public override void Compute(RankedRelevance query, Span<double> values) =>
        values[0] = SumOfPrecisions(query, query.Retrieved) is var sum && sum > 0 ? sum / query.RelevantCount : 0;

    internal static double SumOfPrecisions(RankedRelevance query, int cutoff)
    {
        double sum = 0;
        var found = 0;
        var end = Math.Min(cutoff, query.Retrieved);
        for (var i = 0; i < end; i++)
        {
            if (!query.IsRelevant(i)) continue;
            found++;
            sum += (double)found / (i + 1);
        }
        return sum;
    }
}

/// <summary>map_cut.k: average precision over the top k only, still divided by all of num_rel.</summary>
public sealed class AveragePrecisionAtCutoff(IReadOnlyList<int> cutoffs) : CutoffMeasure("map_cut", cutoffs)
{
    protected override double AtCutoff(RankedRelevance query, int cutoff) =>
        query.RelevantCount == 0 ? 0 : AveragePrecision.SumOfPrecisions(query, cutoff) / query.RelevantCount;
}
