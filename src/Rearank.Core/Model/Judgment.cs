namespace Rearank.Core.Model;

/// <summary>One relevance judgment of a qrels file. Relevance is the grade as written (0 and below: not relevant).</summary>
public sealed record Judgment(string QueryId, string DocId, int Relevance)
{
    /// <summary>
    /// The largest grade the evaluation takes. trec_eval has no limit, but its measures keep a count per grade level,
    /// and real qrels grade 0 to 4 (TREC) or up to 100 at most; a larger number is almost surely a mistaken column.
    /// </summary>
    public const int MaxGrade = 1000;
}
