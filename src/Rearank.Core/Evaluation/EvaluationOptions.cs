namespace Rearank.Core.Evaluation;

/// <summary>trec_eval's evaluation switches, with its defaults.</summary>
public sealed record EvaluationOptions
{
    /// <summary>-l: a judged grade at or above this counts as relevant (for everything but the ndcg gains).</summary>
    public int RelevanceLevel { get; init; } = 1;

    /// <summary>-M: only the top N documents of each query (after sorting) are evaluated; null for all.</summary>
    public int? Depth { get; init; }

    /// <summary>
    /// -c: average over every query of the qrels, a query missing from the run scoring as an empty ranking.
    /// Off (the default) averages over the queries in both the run and the qrels, as trec_eval 9 and pytrec_eval do.
    /// </summary>
    public bool Complete { get; init; }

    /// <summary>-Z: per-query values become z-scores against this table before they are averaged; null for none.</summary>
    public ZScores? ZScores { get; init; }
}
