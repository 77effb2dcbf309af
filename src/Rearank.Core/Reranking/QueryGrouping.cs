using Rearank.Core.Model;

namespace Rearank.Core.Reranking;

/// <summary>One query's hits as they arrived together, with its text (from the hits or the query file), if any.</summary>
/// <param name="QueryId">The query's id.</param>
/// <param name="QueryText">The text from its first hit, else from the query file; null when neither has one.</param>
/// <param name="Hits">Its hits, in the order they came.</param>
/// <param name="ArrivedSplit">Hits of this query came before, in another group: the input is not grouped by query.</param>
public sealed record QueryGroup(string QueryId, string? QueryText, IReadOnlyList<RankedHit> Hits, bool ArrivedSplit);

/// <summary>
/// Turns a stream of first-stage hits into queries, for every command that takes hits (the rerank run, the
/// training-set export): a query's hits come together, and the next query id closes the group.
/// </summary>
public sealed class QueryGrouping(IReadOnlyDictionary<string, string> queryTexts)
{
    private readonly List<RankedHit> group = [];
    private readonly HashSet<string> closed = new(StringComparer.Ordinal);

    /// <summary>Takes the next hit; returns the group it closes (the previous query's), or null.</summary>
    public QueryGroup? Add(RankedHit hit)
    {
        var done = group.Count > 0 && group[0].QueryId != hit.QueryId ? Close() : null;
        group.Add(hit);
        return done;
    }

    /// <summary>Closes the group in hand (the input ended); null when there is none.</summary>
    public QueryGroup? Close()
    {
        if (group.Count == 0) return null;
        var hits = group.ToList();
        group.Clear();
        var id = hits[0].QueryId;
        return new QueryGroup(id, hits[0].QueryText ?? queryTexts.GetValueOrDefault(id), hits, ArrivedSplit: !closed.Add(id));
    }
}
