using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>
/// What is wrong with a query's hits that stops nothing but a user should hear of before the figures: a query with
/// empty text (the model would rank passages for nothing) and a docid more than once in one query (shown to the model
/// twice, and trec_eval would count it once). Fed hits in order, one query after another.
/// </summary>
public sealed class HitChecks
{
    private string? queryId;
    private readonly Dictionary<string, int> ranks = new(StringComparer.Ordinal);
    private bool warnedDuplicate;

    /// <summary>The warning this hit gives rise to, if any (at most one of each kind per query).</summary>
    public string? Check(RankedHit hit, string? where = null)
    {
        var prefix = where is null ? "" : $"{where}: ";
        if (hit.QueryId != queryId)
        {
            queryId = hit.QueryId;
            ranks.Clear();
            warnedDuplicate = false;
            if (hit.QueryText is { } text && string.IsNullOrWhiteSpace(text))
            {
                ranks[hit.DocId] = hit.Rank;
                return $"{prefix}query {hit.QueryId} has an empty query text; a reranker would rank its passages for no question.";
            }
        }
        if (ranks.TryAdd(hit.DocId, hit.Rank) || warnedDuplicate) return null;
        warnedDuplicate = true;
        return $"{prefix}query {hit.QueryId} has docid {hit.DocId} more than once (ranks {ranks[hit.DocId]} and {hit.Rank}); each copy is shown to the model as its own passage, and trec_eval counts it once.";
    }
}
