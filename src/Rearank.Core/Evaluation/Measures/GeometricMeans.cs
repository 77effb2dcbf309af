namespace Rearank.Core.Evaluation.Measures;

/// <summary>
/// A measure averaged geometrically over queries (gm_map, gm_bpref): each query's value is kept as
/// log(max(value, 0.00001)), so one query near 0 pulls the figure down hard; trec_eval prints only the 'all' value.
/// </summary>
public abstract class GeometricMeanMeasure(string family, Measure arithmetic) : Measure(family, [family])
{
    /// <summary>trec_eval's MIN_GEO_MEAN: values below it count as it.</summary>
    public const double Floor = 0.00001;

    public override Aggregation Aggregation => Aggregation.GeometricMean;
    public override bool HasPerQueryValue => false;

    public override void Compute(RankedRelevance query, Span<double> values)
    {
        arithmetic.Compute(query, values);
        values[0] = Math.Log(Math.Max(values[0], Floor));
    }
}

/// <summary>gm_map: average precision per query, geometric mean over queries.</summary>
public sealed class GeometricMeanAveragePrecision() : GeometricMeanMeasure("gm_map", new AveragePrecision());

/// <summary>gm_bpref: bpref per query, geometric mean over queries.</summary>
public sealed class GeometricMeanBpref() : GeometricMeanMeasure("gm_bpref", new Bpref());
