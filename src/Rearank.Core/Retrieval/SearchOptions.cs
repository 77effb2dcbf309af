namespace Rearank.Core.Retrieval;

/// <summary>How a batch of queries is searched.</summary>
public sealed record SearchOptions
{
    /// <summary>Hits per query.</summary>
    public int Top { get; init; } = 100;

    public float K1 { get; init; } = Lucene9Bm25Similarity.DefaultK1;
    public float B { get; init; } = Lucene9Bm25Similarity.DefaultB;

    /// <summary>Drop a hit whose id equals the query id (Anserini's -removeQuery, for ArguAna and Quora).</summary>
    public bool RemoveQuery { get; init; }

    /// <summary>Searched fields and their weights; the flat 'contents' field alone by default.</summary>
    public IReadOnlyDictionary<string, float> Fields { get; init; } = new Dictionary<string, float> { [IndexFields.Contents] = 1f };

    /// <summary>
    /// The fields an index is searched with when none are named: a multi-field index as Anserini's multifield BEIR runs
    /// search theirs (title and text, weight 1 each), a flat one by 'contents'.
    /// </summary>
    public static IReadOnlyDictionary<string, float> FieldsFor(Bm25IndexInfo index) =>
        index.SearchableFields.Contains(IndexFields.Title) && index.SearchableFields.Contains(IndexFields.Text)
            ? new Dictionary<string, float> { [IndexFields.Title] = 1f, [IndexFields.Text] = 1f }
            : new Dictionary<string, float> { [IndexFields.Contents] = 1f };

    public string RunTag { get; init; } = "bm25";

    /// <summary>Fill in each hit's title and text (what a reranker reads); off for deep runs only evaluated.</summary>
    public bool IncludeText { get; init; } = true;

    /// <summary>Queries searched at once; 0 uses every core.</summary>
    public int Threads { get; init; }

    /// <summary>Score with Lucene.Net's own query objects (BooleanScorer) instead of BagOfWordsScorer: the reference the tests hold it to.</summary>
    internal bool LuceneScorer { get; init; }
}
