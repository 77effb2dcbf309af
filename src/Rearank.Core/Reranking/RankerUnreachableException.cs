namespace Rearank.Core.Reranking;

/// <summary>
/// The ranker can answer no more windows (a remote session whose every server stayed down past its fail-fast limit):
/// a rerank run ends at the query that met it (<see cref="RankerUnreachable"/>) instead of failing query after query.
/// </summary>
public class RankerUnreachableException(string message) : RearankException(message);
