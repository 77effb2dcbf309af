namespace Rearank.Core.Model;

/// <summary>One relevance judgment of a qrels file. Relevance is the grade as written (0 and below: not relevant).</summary>
public sealed record Judgment(string QueryId, string DocId, int Relevance);
