namespace Rearank.Core.Model;

/// <summary>
/// One document of one query's ranking: the flat object every retrieval, reranking and export step passes along,
/// so PowerShell's own Where-Object, Group-Object and Export-Csv work on it unchanged.
/// </summary>
public sealed record RankedHit
{
    public required string QueryId { get; init; }
    public string? QueryText { get; init; }
    public required string DocId { get; init; }

    /// <summary>1-based position in this query's ranking.</summary>
    public required int Rank { get; init; }

    /// <summary>Higher is better; only the order within a query matters.</summary>
    public required double Score { get; init; }

    public string? Title { get; init; }
    public string? Text { get; init; }

    /// <summary>The name of the system that produced the ranking (last column of a TREC run).</summary>
    public string? RunTag { get; init; }

    /// <summary>After reranking: the rank the first stage gave this document.</summary>
    public int? OriginalRank { get; init; }

    /// <summary>After reranking: the first stage's score (Score then holds the slot's score).</summary>
    public double? RetrievalScore { get; init; }

    /// <summary>After reranking: how the query was reranked, every window's reasoning and answer included.</summary>
    public RerankTrace? Trace { get; init; }

    /// <summary>A short form ("q1 #1 d3 2.5000"), not the record's every member with its passage and trace.</summary>
    public override string ToString() => FormattableString.Invariant($"{QueryId} #{Rank} {DocId} {Score:F4}");
}
