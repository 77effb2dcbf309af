namespace Rearank.Core.Evaluation.Statistics;

/// <summary>Minimum, mean, median and maximum of a count per query (all 0 when there are no queries).</summary>
public sealed record Distribution(double Min, double Mean, double Median, double Max)
{
    public static Distribution Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return new Distribution(0, 0, 0, 0);
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Distribution(sorted[0], values.Average(), median, sorted[^1]);
    }

    public override string ToString() => FormattableString.Invariant($"{Min:0.##}/{Mean:0.##}/{Median:0.##}/{Max:0.##}");
}
