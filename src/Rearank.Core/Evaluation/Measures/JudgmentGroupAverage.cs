namespace Rearank.Core.Evaluation.Measures;

/// <summary>
/// A measure averaged over a query's judgment groups (trec_eval's map_avgjg, P_avgjg, Rprec_mult_avgjg): each group
/// judges the same ranking on its own, and the query's value is the mean of the groups' values. With plain qrels the
/// query has one group, and the value is the measure's own.
/// </summary>
public sealed class JudgmentGroupAverage(string family, Measure perGroup, IReadOnlyList<string> names) : Measure(family, names)
{
    public Measure PerGroup { get; } = perGroup;

    public override JudgmentsRead Reads => JudgmentsRead.JudgmentGroups;

    public override void Compute(RankedRelevance query, Span<double> values)
    {
        var groups = query.JudgmentGroups ?? [query];
        Span<double> each = values.Length <= 64 ? stackalloc double[values.Length] : new double[values.Length];
        values.Clear();
        foreach (var group in groups)
        {
            PerGroup.Compute(group, each);
            for (var i = 0; i < values.Length; i++) values[i] += each[i];
        }
        if (groups.Count > 1)
            for (var i = 0; i < values.Length; i++) values[i] /= groups.Count;
    }

    public static JudgmentGroupAverage AveragePrecision() => new("map_avgjg", new AveragePrecision(), ["map_avgjg"]);

    public static JudgmentGroupAverage Precision(IReadOnlyList<int> cutoffs) =>
        new("P_avgjg", new Precision(cutoffs), cutoffs.Select(c => $"P_avgjg_{c}").ToArray());

    public static JudgmentGroupAverage RPrecisionMultiples(IReadOnlyList<double> multiples) =>
        new("Rprec_mult_avgjg", new RPrecisionMultiples(multiples), multiples.Select(m => InterpolatedPrecision.Name("Rprec_mult_avgjg", m)).ToArray());
}
