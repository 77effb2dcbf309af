namespace Rearank.Core.Evaluation.Measures;

/// <summary>
/// A measure of graded gains (ndcg and its relatives, G, rbp): gains are the grades themselves unless remapped by
/// 'grade=gain' parameters, and the name carries the parameters as written (ndcg_1=3,2=9). The loops follow
/// trec_eval's own, step for step, so that ties, zero gains and exhausted ideals come out as its do.
/// </summary>
public abstract class GainMeasure(string family, IReadOnlyList<GainParameter> parameters, string? printableParameters)
    : Measure(family, [printableParameters is null ? family : $"{family}_{printableParameters}"])
{
    public IReadOnlyList<GainParameter> Parameters { get; } = parameters;

    private protected Gains GainsFor(RankedRelevance query) => Gains.For(query, Parameters);

    private protected static double Discount(int rank0) => Math.Log2(rank0 + 2);
}

/// <summary>Which number of the DCG computation a <see cref="Ndcg"/> reports.</summary>
public enum DcgKind { Normalized, Raw, Ideal }

/// <summary>
/// ndcg (and dcg, ideal_dcg): DCG over the whole ranking with trec_eval's linear gains and discount log2(rank + 1),
/// divided by the DCG of all judged documents sorted by gain. The relevance level plays no part.
/// </summary>
public sealed class Ndcg(IReadOnlyList<GainParameter> parameters, string? printableParameters, DcgKind kind = DcgKind.Normalized)
    : GainMeasure(kind switch { DcgKind.Raw => "dcg", DcgKind.Ideal => "ideal_dcg", _ => "ndcg" }, parameters, printableParameters)
{
    public override void Compute(RankedRelevance query, Span<double> values)
    {
        var gains = GainsFor(query);
        var ideal = new IdealGains(gains);
        double dcg = 0, idealDcg = 0;
        var i = 0;
        for (; i < query.Retrieved && ideal.Gain > 0; i++)
        {
            var gain = gains.Of(query.Grades[i]);
            if (gain != 0) dcg += gain / Discount(i);
            ideal.Step();
            if (ideal.Gain > 0) idealDcg += ideal.Gain / Discount(i);
        }
        for (; i < query.Retrieved; i++)
        {
            var gain = gains.Of(query.Grades[i]);
            if (gain != 0) dcg += gain / Discount(i);
        }
        for (; ideal.Gain > 0; i++)
        {
            ideal.Step();
            if (ideal.Gain > 0) idealDcg += ideal.Gain / Discount(i);
        }
        values[0] = kind switch
        {
            DcgKind.Raw => dcg,
            DcgKind.Ideal => idealDcg,
            _ => idealDcg > 0 ? dcg / idealDcg : 0,
        };
    }
}

/// <summary>
/// ndcg_rel: ndcg averaged over the relevant documents (positive ideal gain), each taken at its rank; one not
/// retrieved counts with the ndcg at the end of the ranking.
/// </summary>
public sealed class NdcgAtRelevant(IReadOnlyList<GainParameter> parameters, string? printableParameters)
    : GainMeasure("ndcg_rel", parameters, printableParameters)
{
    public override void Compute(RankedRelevance query, Span<double> values)
    {
        var gains = GainsFor(query);
        var ideal = new IdealGains(gains);
        double dcg = 0, idealDcg = 0, sum = 0;
        long relevant = 0, relevantRetrieved = 0;
        var i = 0;
        for (; i < query.Retrieved && ideal.Gain > 0; i++)
        {
            var gain = gains.Of(query.Grades[i]);
            if (gain != 0) dcg += gain / Discount(i);
            ideal.Step();
            if (ideal.Gain > 0)
            {
                relevant++;
                idealDcg += ideal.Gain / Discount(i);
            }
            if (gain > 0)
            {
                sum += dcg / idealDcg;
                relevantRetrieved++;
            }
        }
        for (; i < query.Retrieved; i++)
        {
            var gain = gains.Of(query.Grades[i]);
            if (gain != 0) dcg += gain / Discount(i);
            if (gain > 0)
            {
                sum += dcg / idealDcg;
                relevantRetrieved++;
            }
        }
        for (; ideal.Gain > 0; i++)
        {
            ideal.Step();
            if (ideal.Gain > 0)
            {
                relevant++;
                idealDcg += ideal.Gain / Discount(i);
            }
        }
        sum += (relevant - relevantRetrieved) * dcg / idealDcg;
        values[0] = sum > 0 ? sum / relevant : 0;
    }
}

/// <summary>
/// Rndcg: ndcg averaged at the R levels, the ranks where the ideal ranking's gain changes (and at the end of the
/// ranking when it runs past the ideal's positive gains).
/// </summary>
public sealed class NdcgAtRLevels(IReadOnlyList<GainParameter> parameters, string? printableParameters)
    : GainMeasure("Rndcg", parameters, printableParameters)
{
    public override void Compute(RankedRelevance query, Span<double> values)
    {
        values[0] = 0;
        var gains = GainsFor(query);
        if (query.RelevantCount == 0) return;
        var ideal = new IdealGains(gains);
        var previousIdeal = ideal.Gain;
        double dcg = 0, idealDcg = 0, sum = 0;
        long changes = 0;
        var i = 0;
        for (; i < query.Retrieved && ideal.Gain > 0; i++)
        {
            var gain = gains.Of(query.Grades[i]);
            ideal.Step();
            if (previousIdeal != ideal.Gain)
            {
                if (idealDcg > 0)
                {
                    sum += dcg / idealDcg;
                    changes++;
                }
                previousIdeal = ideal.Gain;
            }
            if (gain != 0) dcg += gain / Discount(i);
            if (ideal.Gain > 0) idealDcg += ideal.Gain / Discount(i);
        }
        if (i < query.Retrieved)
        {
            for (; i < query.Retrieved; i++)
            {
                var gain = gains.Of(query.Grades[i]);
                if (gain != 0) dcg += gain / Discount(i);
            }
            if (idealDcg > 0)
            {
                sum += dcg / idealDcg;
                changes++;
            }
        }
        for (; ideal.Gain > 0; i++)
        {
            ideal.Step();
            if (previousIdeal != ideal.Gain)
            {
                if (idealDcg > 0)
                {
                    sum += dcg / idealDcg;
                    changes++;
                }
                previousIdeal = ideal.Gain;
            }
            if (ideal.Gain > 0) idealDcg += ideal.Gain / Discount(i);
        }
        values[0] = sum / changes;
    }
}

/// <summary>
/// G (experimental, trec_eval 2008): each retrieved document's gain divided by log2(2 + what the ideal had gained
/// by then, at least 1 a rank, less what the ranking has), summed and normalised by the ideal's total gain.
/// </summary>
public sealed class NormalizedGain(IReadOnlyList<GainParameter> parameters, string? printableParameters)
    : GainMeasure("G", parameters, printableParameters)
{
    private const double MinimumCost = 1.0;

    public override void Compute(RankedRelevance query, Span<double> values)
    {
        var gains = GainsFor(query);
        var ideal = new IdealGains(gains);
        double resultsG = 0, sumResults = 0, sumIdeal = 0, sumCost = 0;
        var i = 0;
        for (; i < query.Retrieved && ideal.Gain > 0; i++)
        {
            var gain = gains.Of(query.Grades[i]);
            sumResults += gain;
            ideal.Step();
            if (ideal.Gain > 0) sumIdeal += ideal.Gain;
            sumCost += ideal.Gain >= MinimumCost ? ideal.Gain : MinimumCost;
            if (gain != 0) resultsG += gain / Math.Log2(2 + sumCost - sumResults);
        }
        for (; i < query.Retrieved; i++)
        {
            var gain = gains.Of(query.Grades[i]);
            sumResults += gain;
            sumCost += MinimumCost;
            if (gain != 0) resultsG += gain / Math.Log2(2 + sumCost - sumResults);
        }
        while (ideal.Gain > 0)
        {
            ideal.Step();
            if (ideal.Gain > 0) sumIdeal += ideal.Gain;
        }
        values[0] = sumIdeal > 0 ? resultsG / sumIdeal : 0;
    }
}

/// <summary>
/// binG (experimental): over the relevant retrieved documents, 1 / log2(2 + the non-relevant ranked above each),
/// summed and divided by num_rel.
/// </summary>
public sealed class BinaryGain() : Measure("binG", ["binG"])
{
    public override void Compute(RankedRelevance query, Span<double> values)
    {
        double sum = 0;
        var relevantSoFar = 0;
        for (var i = 0; i < query.Retrieved; i++)
        {
            if (!query.IsRelevant(i)) continue;
            relevantSoFar++;
            sum += 1.0 / Math.Log2(3 + i - relevantSoFar);
        }
        values[0] = relevantSoFar > 0 ? sum / query.RelevantCount : 0;
    }
}

/// <summary>
/// rbp (Moffat and Zobel 2008): (1 - p) times the sum of each document's gain times p^(rank - 1), with persistence p
/// (0.9 unless rbp.p=x); gains outside [0, 1] are rescaled into it.
/// </summary>
public sealed class RankBiasedPrecision(IReadOnlyList<GainParameter> parameters, string? printableParameters)
    : GainMeasure("rbp", parameters, printableParameters)
{
    public double Persistence { get; } = RankBiasedResidual.PersistenceOf(parameters);

    public override void Compute(RankedRelevance query, Span<double> values)
    {
        var gains = GainsFor(query);
        gains.ScaleIntoUnitRange();
        double sum = 0, weight = 1;
        for (var i = 0; i < query.Retrieved; i++)
        {
            var gain = gains.Of(query.Grades[i]);
            if (gain != 0) sum += gain * weight;
            weight *= Persistence;
        }
        values[0] = (1.0 - Persistence) * sum;
    }
}

/// <summary>
/// rbp_resid: how much rbp could still rise if every retrieved document without a judgment were fully relevant,
/// plus the weight of everything past the end of the ranking; 0 when every retrieved document is judged.
/// </summary>
public sealed class RankBiasedResidual(IReadOnlyList<GainParameter> parameters, string? printableParameters)
    : GainMeasure("rbp_resid", parameters, printableParameters)
{
    public double Persistence { get; } = PersistenceOf(parameters);

    internal static double PersistenceOf(IReadOnlyList<GainParameter> parameters)
    {
        var p = 0.9;
        foreach (var parameter in parameters)
            if (parameter.Name == "p") p = parameter.Value;
        return p;
    }

    public override void Compute(RankedRelevance query, Span<double> values)
    {
        values[0] = 0;
        if (query.IsPlaceholder) return;
        double sum = 0, weight = 1;
        var unjudged = 0;
        for (var i = 0; i < query.Retrieved; i++)
        {
            if (query.Grades[i] < 0)
            {
                unjudged++;
                sum += weight;
            }
            weight *= Persistence;
        }
        if (unjudged > 0) values[0] = weight + (1 - Persistence) * sum;
    }
}
