namespace Rearank.Core.Retrieval;

/// <summary>
/// Anserini's bag-of-words query on one field: each distinct analyzed term with how often the query has it (its
/// boost), in the order of first occurrence, which is the order of the query's clauses; and the field's weight.
/// </summary>
internal sealed record FieldBag(string Field, float Weight, string[] Terms, int[] Counts);
