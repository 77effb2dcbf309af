namespace Rearank.Core.Evaluation.Measures;

/// <summary>
/// Rprec_mult.m: precision at m times num_rel (m = 0.2, 0.4, ..., 2.0 by default); a cutoff past the end of the
/// ranking counts the missing ranks as non-relevant. The rank is m × num_rel + 0.9, truncated, as in trec_eval.
/// </summary>
public sealed class RPrecisionMultiples(IReadOnlyList<double> multiples)
    : Measure("Rprec_mult", multiples.Select(m => InterpolatedPrecision.Name("Rprec_mult", m)).ToArray())
{
    public IReadOnlyList<double> Multiples { get; } = multiples;

    public override void Compute(RankedRelevance query, Span<double> values)
    {
        var count = Multiples.Count;
        Span<long> cutoffs = count <= 64 ? stackalloc long[count] : new long[count];
        for (var i = 0; i < count; i++) cutoffs[i] = (long)(Multiples[i] * query.RelevantCount + 0.9);
        values.Clear();
        var current = count - 1;
        for (; current >= 0 && cutoffs[current] > query.Retrieved; current--)
            values[current] = (double)query.RelevantRetrieved / cutoffs[current];
        var soFar = query.RelevantRetrieved;
        for (var i = query.Retrieved; i > 0 && soFar > 0; i--)
        {
            var precision = (double)soFar / i;
            while (current >= 0 && i == cutoffs[current]) values[current--] = precision;
            if (query.IsRelevant(i - 1)) soFar--;
        }
    }
}
