namespace Rearank.Core.Evaluation;

/// <summary>
/// trec_eval's -Z table: per query and measure, the mean and standard deviation that turn a value into a z-score
/// ((value - mean) / stddev). A value with no entry, or with stddev 0 and a value other than the mean, becomes
/// -1,000,000 (trec_eval's MISSING_ZSCORE_VALUE), so that a missing entry shows rather than averages away.
/// </summary>
public sealed class ZScores
{
    public const double Missing = -1000000;

    private readonly Dictionary<string, Dictionary<string, (double Mean, double StdDev)>> table;

    public ZScores(IEnumerable<(string QueryId, string Measure, double Mean, double StdDev)> entries)
    {
        table = new Dictionary<string, Dictionary<string, (double, double)>>(StringComparer.Ordinal);
        foreach (var (queryId, measure, mean, stdDev) in entries)
        {
            if (!table.TryGetValue(queryId, out var measures)) table[queryId] = measures = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
            measures[measure] = (mean, stdDev);
        }
    }

    public int QueryCount => table.Count;

    /// <summary>Replaces a value by its z-score for this query and measure name.</summary>
    public double Convert(string queryId, string measure, double value)
    {
        if (!table.TryGetValue(queryId, out var measures) || !measures.TryGetValue(measure, out var entry)) return Missing;
        if (entry.StdDev != 0) return (value - entry.Mean) / entry.StdDev;
        return value == entry.Mean ? 0 : Missing;
    }
}
