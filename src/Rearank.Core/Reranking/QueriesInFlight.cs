namespace Rearank.Core.Reranking;

/// <summary>
/// How much work to keep in flight against a session, for every driver (the rerank, the evaluation, rollouts): a
/// query's windows follow one another and its first waits for its prompt, so twice the session's concurrency keeps
/// the model busy while queries start and end.
/// </summary>
public static class QueriesInFlight
{
    /// <summary>The number asked for when it is positive, else twice the session's concurrency.</summary>
    public static int For(IRerankSession session, int asked = 0) => asked > 0 ? asked : session.Concurrency * 2;
}
