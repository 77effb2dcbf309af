using System.Globalization;

namespace Rearank.Core.Evaluation;

/// <summary>
/// trec_eval's text output: 'measure(left-justified to 22)TAB qid TAB value', four decimals, counts as integers.
/// With -Z every name but runid and relstring takes a 'Z' in front and every number four decimals.
/// </summary>
public static class TrecEvalFormat
{
    /// <summary>The lines trec_eval prints for this result: per-query blocks first (with -q), then 'all'.</summary>
    public static IEnumerable<string> Lines(EvaluationResult result, bool perQuery)
    {
        var z = result.Options.ZScores is not null;
        if (perQuery)
        {
            foreach (var query in result.PerQuery)
            {
                var offset = 0;
                foreach (var measure in result.Measures)
                {
                    if (measure.IsText)
                        yield return $"{measure.Names[0],-22}\t{query.QueryId}\t'{query.Texts?[offset]}'";
                    else if (measure.HasPerQueryValue)
                        for (var i = 0; i < measure.Names.Count; i++)
                            yield return Line(measure.Names[i], query.QueryId, query.Values[offset + i], measure.IsCount, z);
                    offset += measure.Names.Count;
                }
            }
        }
        var index = 0;
        foreach (var measure in result.Measures)
            foreach (var name in measure.Names)
            {
                var value = result.Aggregate[index++];
                if (measure is Measures.RunId) yield return $"{name,-22}\tall\t{result.RunTag}";
                else if (measure.HasAggregateValue) yield return Line(name, "all", value, measure.IsCount, z);
            }
    }

    public static string Line(string name, string queryId, double value, bool isCount, bool zScores = false) =>
        zScores ? $"Z{name,-22}\t{queryId}\t{FormatValue(value, false)}" : $"{name,-22}\t{queryId}\t{FormatValue(value, isCount)}";

    /// <summary>printf's %6.4f (round half to even on the exact binary value, as .NET also does) or %ld.</summary>
    public static string FormatValue(double value, bool isCount) =>
        isCount ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("F4", CultureInfo.InvariantCulture);
}
