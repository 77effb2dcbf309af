namespace Rearank.Core.Evaluation;

/// <summary>
/// One number of an evaluation, flat for the pipeline: which run, which query ('all' for the aggregate), which
/// measure (trec_eval's printed name), and how the aggregate was formed (how many queries, complete mode or not).
/// </summary>
public sealed record MeasureValue(string RunTag, string QueryId, string Measure, double Value, int QueryCount, bool Complete)
{
    public const string AllQueries = "all";

    /// <summary>The values of a result: per query first (when asked), then the aggregate; runid carries no number.</summary>
    public static IEnumerable<MeasureValue> From(EvaluationResult result, bool perQuery)
    {
        var complete = result.Options.Complete;
        if (perQuery)
        {
            foreach (var query in result.PerQuery)
            {
                var offset = 0;
                foreach (var measure in result.Measures)
                {
                    if (measure.HasPerQueryValue && measure is not Measures.RunId && !measure.IsText)
                        for (var i = 0; i < measure.Names.Count; i++)
                            yield return new MeasureValue(result.RunTag, query.QueryId, measure.Names[i], query.Values[offset + i], 1, complete);
                    offset += measure.Names.Count;
                }
            }
        }
        var index = 0;
        foreach (var measure in result.Measures)
            foreach (var name in measure.Names)
            {
                var value = result.Aggregate[index++];
                if (measure is not Measures.RunId && measure.HasAggregateValue)
                    yield return new MeasureValue(result.RunTag, AllQueries, name, value, result.QueryCount, complete);
            }
    }
}
