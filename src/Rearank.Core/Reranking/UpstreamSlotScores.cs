using Rearank.Core.Model;

namespace Rearank.Core.Reranking;

/// <summary>
/// The reranked order as REARANK writes it: its `receive_permutation` moves the passages but leaves each slot's
/// first-stage score in place, and `write_eval_file` writes those scores. Scored by trec_eval, tied slots are sorted
/// again (score descending, docid descending), so part of the reranked order is undone before scoring: the paper's
/// figures include this. The module's own runs keep strictly decreasing scores instead (README, deviations).
/// </summary>
public static class UpstreamSlotScores
{
    /// <summary>Each reranked hit with the first-stage score of the slot it now holds.</summary>
    public static IReadOnlyList<RankedHit> Apply(IReadOnlyList<RankedHit> firstStage, IReadOnlyList<RankedHit> reranked)
    {
        if (firstStage.Count != reranked.Count)
            throw new ArgumentException($"The reranked list has {reranked.Count} hits and the first stage {firstStage.Count}; slots pair one to one.", nameof(reranked));
        return reranked.Select((hit, p) => hit with { Score = firstStage[p].Score }).ToList();
    }
}
