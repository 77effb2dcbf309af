namespace Rearank.Core.Model;

/// <summary>One dataset's outcome: BM25 and reranked nDCG@1, @5, @10 (×100, as the paper prints them) beside the published figures.</summary>
public sealed record DatasetResult
{
    public required string Suite { get; init; }
    public required string Dataset { get; init; }
    public required string Layout { get; init; }
    public int Queries { get; init; }
    public double Bm25Ndcg1 { get; init; }
    public double Bm25Ndcg5 { get; init; }
    public double Bm25Ndcg10 { get; init; }
    /// <summary>
    /// The reranked nDCG as REARANK computes it, the figure to set beside the paper's: each slot keeps its first-stage
    /// score, so trec_eval re-sorts tied slots (score descending, docid descending). Null while the dataset is not
    /// finished: a figure with failed queries in it would be partly the first stage's.
    /// </summary>
    public double? RerankNdcg1 { get; init; }
    public double? RerankNdcg5 { get; init; }
    public double? RerankNdcg10 { get; init; }

    /// <summary>The nDCG of the order as reranked (run.rearank.trec, strictly decreasing scores); equal to RerankNdcg* where the first stage has no ties.</summary>
    public double? RerankedOrderNdcg1 { get; init; }
    public double? RerankedOrderNdcg5 { get; init; }
    public double? RerankedOrderNdcg10 { get; init; }
    public double? PublishedBm25 { get; init; }
    public double? PublishedRearank { get; init; }
    /// <summary>Queries not reranked: a window failed (or the whole query did); they kept their first-stage order.</summary>
    public int FailedQueries { get; init; }

    /// <summary>Windows without an answer in this run (a failed query's windows among them).</summary>
    public int FailedWindows { get; init; }

    /// <summary>
    /// Every query reranked. An unfinished dataset (failed queries) is run again by the next suite run, which asks the
    /// model again for the failed windows only; result.json of an older version, without this field, reads as finished.
    /// </summary>
    public bool Finished { get; init; } = true;
    public int ReplayedQueries { get; init; }
    public double Seconds { get; init; }
    public string Model { get; init; } = "";

    /// <summary>The reranker (template, and method when not generation: "rank_zephyr_alpha/first"); older result.json files were REARANK's.</summary>
    public string Reranker { get; init; } = "rearank";
    public string Folder { get; init; } = "";

    /// <summary>True when read from an earlier run's result.json instead of computed now.</summary>
    public bool FromEarlierRun { get; init; }
}
