namespace Rearank.Core.Evaluation.Comparison;

/// <summary>What one run loses when runs are averaged over the queries they share.</summary>
public sealed record DroppedQueries(string RunTag, IReadOnlyList<string> QueryIds);

/// <summary>
/// Runs side by side are only comparable over the same queries: a run averaged over 43 queries beside one averaged
/// over 3 says nothing. Without -c, each run is averaged over the judged queries it ranks, so by default a table,
/// comparison or report keeps the judged queries every run ranks; with -c every judged query counts for every run.
/// </summary>
public static class CommonQueries
{
    /// <summary>The runs restricted to the judged queries all of them rank, and what each run lost.</summary>
    public static (IReadOnlyList<RunRankings> Runs, IReadOnlyList<DroppedQueries> Dropped, IReadOnlySet<string> Kept) Restrict(
        IReadOnlyList<RunRankings> runs, Qrels qrels, EvaluationOptions options)
    {
        var judged = qrels.QueryIds.ToHashSet(StringComparer.Ordinal);
        if (options.Complete || runs.Count == 0) return (runs, [], judged);
        var common = new HashSet<string>(judged, StringComparer.Ordinal);
        foreach (var run in runs) common.IntersectWith(run.QueryIds);
        var dropped = runs
            .Select(r => new DroppedQueries(r.RunTag, r.QueryIds.Where(q => judged.Contains(q) && !common.Contains(q)).Order(Model.TrecOrder.Ids).ToList()))
            .Where(d => d.QueryIds.Count > 0).ToList();
        return (runs.Select(r => r.Only(common)).ToList(), dropped, common);
    }
}
