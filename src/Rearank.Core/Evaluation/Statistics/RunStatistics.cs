using Rearank.Core.Model;

namespace Rearank.Core.Evaluation.Statistics;

/// <summary>
/// What to check about a run before trusting a comparison: its queries and depth, score ties (which trec_eval breaks
/// by docid, not by the rank column), documents listed twice (which trec_eval refuses), the score range, and with
/// qrels how much of its top 10 is judged and which queries the two do not share.
/// </summary>
public sealed record RunStatistics
{
    public required string Run { get; init; }
    public string? Source { get; init; }
    public required int Queries { get; init; }
    public required long Hits { get; init; }

    /// <summary>Hits per query: min/mean/median/max.</summary>
    public required Distribution HitsPerQuery { get; init; }

    /// <summary>Hits whose score another hit of the same query shares.</summary>
    public required long TiedHits { get; init; }
    public required int QueriesWithTies { get; init; }

    /// <summary>Extra listings of a document already listed for the query.</summary>
    public required long DuplicateDocIds { get; init; }
    public required int QueriesWithDuplicates { get; init; }

    /// <summary>Hits whose rank column disagrees with their place in trec_eval's order (score, then docid).</summary>
    public required long RanksOutOfOrder { get; init; }

    public required double MinScore { get; init; }
    public required double MaxScore { get; init; }

    /// <summary>With qrels: the run's queries that have judgments.</summary>
    public int? JudgedQueries { get; init; }

    /// <summary>With qrels: judged queries the run has no ranking for.</summary>
    public int? QrelsQueriesMissing { get; init; }

    /// <summary>With qrels: the mean share of each judged query's top 10 that has a judgment (Judged@10).</summary>
    public double? JudgedAt10 { get; init; }

    public static RunStatistics Of(HitRun run, Qrels? qrels = null)
    {
        var byQuery = run.ByQuery();
        long ties = 0, duplicates = 0, outOfOrder = 0;
        int queriesWithTies = 0, queriesWithDuplicates = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var judgedShares = new List<double>();
        foreach (var (queryId, hits) in byQuery)
        {
            var tiedHere = hits.GroupBy(h => h.Score).Where(g => g.Count() > 1).Sum(g => (long)g.Count());
            ties += tiedHere;
            if (tiedHere > 0) queriesWithTies++;
            var duplicatesHere = hits.Count - hits.Select(h => h.DocId).Distinct(StringComparer.Ordinal).Count();
            duplicates += duplicatesHere;
            if (duplicatesHere > 0) queriesWithDuplicates++;
            foreach (var hit in hits)
            {
                min = Math.Min(min, hit.Score);
                max = Math.Max(max, hit.Score);
            }
            var ordered = hits.ToList();
            ordered.Sort(static (a, b) => TrecOrder.Compare(a.Score, a.DocId, b.Score, b.DocId));
            for (var i = 0; i < ordered.Count; i++)
                if (ordered[i].Rank != i + 1) outOfOrder++;
            if (qrels?.For(queryId) is { } judgments)
                judgedShares.Add(ordered.Select(h => h.DocId).Distinct(StringComparer.Ordinal).Take(10).Count(d => judgments.TryGetGrade(d, out _)) / 10.0);
        }
        return new RunStatistics
        {
            Run = run.Name, Source = run.SourcePath, Queries = byQuery.Count, Hits = run.Hits.Count,
            HitsPerQuery = Distribution.Of(byQuery.Values.Select(h => (double)h.Count).ToList()),
            TiedHits = ties, QueriesWithTies = queriesWithTies, DuplicateDocIds = duplicates, QueriesWithDuplicates = queriesWithDuplicates,
            RanksOutOfOrder = outOfOrder,
            MinScore = run.Hits.Count > 0 ? min : double.NaN, MaxScore = run.Hits.Count > 0 ? max : double.NaN,
            JudgedQueries = qrels is null ? null : judgedShares.Count,
            QrelsQueriesMissing = qrels?.QueryIds.Count(q => !byQuery.ContainsKey(q)),
            JudgedAt10 = qrels is null ? null : judgedShares.Count > 0 ? judgedShares.Average() : double.NaN,
        };
    }
}
