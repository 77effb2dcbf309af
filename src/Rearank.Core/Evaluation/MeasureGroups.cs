using Rearank.Core.Evaluation.Measures;

namespace Rearank.Core.Evaluation;

/// <summary>Measures of one relevance level, and the names they are printed with (ir_measures' names as asked).</summary>
public sealed record MeasureGroup(int RelevanceLevel, IReadOnlyList<Measure> Measures, IReadOnlyDictionary<string, string> DisplayNames)
{
    /// <summary>The name a value is shown with: as it was asked (nDCG@10) where it was asked so, else trec_eval's (ndcg_cut_10).</summary>
    public string Display(string trecName) => DisplayNames.TryGetValue(trecName, out var asked) ? asked : trecName;
}

/// <summary>
/// Measures asked in trec_eval's or ir_measures' vocabulary, grouped by relevance level (ir_measures' rel=N sets one
/// per measure), and evaluated as one result whose values carry the names they were asked by.
/// </summary>
public static class MeasureGroups
{
    /// <summary>The groups, lowest relevance level first; an unknown name is an ArgumentException naming the closest known one.</summary>
    public static IReadOnlyList<MeasureGroup> Parse(IEnumerable<string> asked, int defaultLevel)
    {
        var groups = new SortedDictionary<int, (List<string> Arguments, Dictionary<string, string> Names)>();
        foreach (var text in JoinParameterLists(asked.SelectMany(m => m.Split(' ', StringSplitOptions.RemoveEmptyEntries))))
        {
            var request = IrMeasuresNames.Translate(text);
            var level = request?.RelevanceLevel ?? defaultLevel;
            if (!groups.TryGetValue(level, out var group)) groups[level] = group = ([], new Dictionary<string, string>(StringComparer.Ordinal));
            group.Arguments.Add(request?.TrecArgument ?? text);
            if (request?.DisplayName is { } display) group.Names[request.TrecName] = display;
        }
        return groups.Select(g => new MeasureGroup(g.Key, MeasureCatalog.Parse(g.Value.Arguments), g.Value.Names)).ToList();
    }

    /// <summary>
    /// PowerShell reads an unquoted 'P.5,7,3' as three arguments ("P.5", "7", "3"); a bare number or grade=gain pair
    /// continues the measure before it, so trec_eval's syntax works unquoted.
    /// </summary>
    private static IEnumerable<string> JoinParameterLists(IEnumerable<string> parts)
    {
        string? pending = null;
        foreach (var part in parts)
        {
            if (pending is not null && pending.Contains('.') && System.Text.RegularExpressions.Regex.IsMatch(part, @"^([-+]?[0-9.]+|[-+]?[0-9]+=[-+0-9.eE]+)$"))
            {
                pending += "," + part;
                continue;
            }
            if (pending is not null) yield return pending;
            pending = part;
        }
        if (pending is not null) yield return pending;
    }

    /// <summary>The name the first value of an asked measure is shown with (nDCG@10 as nDCG@10, P.5,10 as P_5).</summary>
    public static string NameOf(string asked) =>
        IrMeasuresNames.Translate(asked)?.DisplayName ?? MeasureCatalog.Parse([asked]).SelectMany(m => m.Names).FirstOrDefault() ?? asked;

    /// <summary>
    /// Evaluates the run once per group and joins the values into one result, named as asked: what a comparison or
    /// a report needs when measures of several relevance levels sit side by side.
    /// </summary>
    public static EvaluationResult Evaluate(Qrels qrels, RunRankings run, IReadOnlyList<MeasureGroup> groups, EvaluationOptions options, CancellationToken cancellationToken = default)
    {
        var results = groups.Select(g => TrecEvaluator.Evaluate(qrels, run, g.Measures, options with { RelevanceLevel = g.RelevanceLevel }, cancellationToken)).ToList();
        if (results.Count == 1 && groups[0].DisplayNames.Count == 0) return results[0];
        var names = results.SelectMany((r, i) => r.Names.Select(groups[i].Display)).ToArray();
        var perQuery = results[0].PerQuery.Select((q, row) => new QueryScores(q.QueryId, results.SelectMany(r => r.PerQuery[row].Values).ToArray(),
            results.Any(r => r.PerQuery[row].Texts is not null)
                ? results.SelectMany(r => r.PerQuery[row].Texts ?? new string?[r.PerQuery[row].Values.Length]).ToArray()
                : null)).ToArray();
        return new EvaluationResult(run.RunTag, results.SelectMany(r => r.Measures).ToList(), perQuery, results.SelectMany(r => r.Aggregate).ToArray(),
            results[0].Options with { RelevanceLevel = options.RelevanceLevel }, results[0].QrelsQueriesMissingFromRun, results[0].RunQueriesWithoutJudgments, names);
    }
}
