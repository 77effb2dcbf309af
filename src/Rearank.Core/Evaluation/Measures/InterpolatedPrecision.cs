using System.Globalization;

namespace Rearank.Core.Evaluation.Measures;

/// <summary>
/// The interpolated precision at recall points that iprec_at_recall reports and 11pt_avg averages: at each point,
/// the best precision at any rank whose recall reaches it. A point is turned into a count of relevant documents by
/// rounding (trec_eval 10; version 9 added 0.9 and truncated, which moves the fourth decimal).
/// </summary>
internal static class InterpolatedPrecision
{
    /// <summary>Writes the interpolated precision at each recall point (sorted ascending) into <paramref name="values"/>.</summary>
    public static void At(RankedRelevance query, IReadOnlyList<double> points, Span<double> values)
    {
        var relevant = query.RelevantCount;
        var relevantRetrieved = query.RelevantRetrieved;
        var retrieved = query.Retrieved;
        Span<long> cutoffs = points.Count <= 64 ? stackalloc long[points.Count] : new long[points.Count];
        for (var i = 0; i < points.Count; i++) cutoffs[i] = (long)Math.Round(points[i] * relevant, MidpointRounding.AwayFromZero);
        var current = points.Count - 1;
        while (current >= 0 && cutoffs[current] > relevantRetrieved) current--;

        // Walk up from the bottom so the running maximum is the precision interpolated from below.
        var interpolated = (double)relevantRetrieved / retrieved;
        var soFar = relevantRetrieved;
        for (var i = retrieved; i > 0 && soFar > 0; i--)
        {
            var precision = (double)soFar / i;
            if (interpolated < precision) interpolated = precision;
            if (!query.IsRelevant(i - 1)) continue;
            while (current >= 0 && soFar == cutoffs[current]) values[current--] = interpolated;
            soFar--;
        }
        while (current >= 0) values[current--] = interpolated;
    }

    /// <summary>trec_eval's name for a recall point: the family, '_' and the point with two decimals.</summary>
    public static string Name(string family, double point) => $"{family}_{point.ToString("0.00", CultureInfo.InvariantCulture)}";
}

/// <summary>iprec_at_recall.p: interpolated precision at recall points (0, 0.1, ..., 1 by default).</summary>
public sealed class InterpolatedPrecisionAtRecall(IReadOnlyList<double> points)
    : Measure("iprec_at_recall", points.Select(p => InterpolatedPrecision.Name("iprec_at_recall", p)).ToArray())
{
    public IReadOnlyList<double> Points { get; } = points;

    public override void Compute(RankedRelevance query, Span<double> values) => InterpolatedPrecision.At(query, Points, values);
}

/// <summary>
/// 11pt_avg: the mean of the interpolated precisions at the given recall points (the 11 points by default). As in
/// trec_eval the points are taken in the order given (not sorted, so an unsorted list gives trec_eval's own
/// result) and the name carries them as written (11pt_avg_.25,.5,.75).
/// </summary>
public sealed class ElevenPointAverage(IReadOnlyList<double> points, string? printableParameters)
    : Measure("11pt_avg", [printableParameters is null ? "11pt_avg" : $"11pt_avg_{printableParameters}"])
{
    public IReadOnlyList<double> Points { get; } = points;

    public override void Compute(RankedRelevance query, Span<double> values)
    {
        Span<double> each = Points.Count <= 64 ? stackalloc double[Points.Count] : new double[Points.Count];
        InterpolatedPrecision.At(query, Points, each);
        double sum = 0;
        for (var i = each.Length - 1; i >= 0; i--) sum += each[i];   // trec_eval adds from the last point down
        values[0] = sum / Points.Count;
    }
}
