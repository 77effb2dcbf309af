using Rearank.Core.Model;

namespace Rearank.Core.Evaluation.Statistics;

/// <summary>
/// How far two runs agree at a depth, over the queries both rank: the mean share of the top k they have in common
/// (|A ∩ B| / k), the mean Jaccard index (|A ∩ B| / |A ∪ B|), and how many queries have the same top k in the same
/// order. Both rankings are read in trec_eval's order (score, then docid), each document once.
/// </summary>
public sealed record RunOverlap(
    string Run, string Other, int Depth, int SharedQueries, int QueriesOnlyInRun, int QueriesOnlyInOther,
    double MeanOverlap, double MeanJaccard, int IdenticalTopK)
{
    public static RunOverlap Of(HitRun run, HitRun other, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        var left = run.ByQuery();
        var right = other.ByQuery();
        double overlapSum = 0, jaccardSum = 0;
        int shared = 0, identical = 0;
        foreach (var (queryId, hits) in left)
        {
            if (!right.TryGetValue(queryId, out var otherHits)) continue;
            shared++;
            var a = Top(hits, depth);
            var b = Top(otherHits, depth);
            var common = a.Intersect(b, StringComparer.Ordinal).Count();
            var union = a.Union(b, StringComparer.Ordinal).Count();
            overlapSum += (double)common / depth;
            jaccardSum += union == 0 ? 1 : (double)common / union;
            if (a.SequenceEqual(b, StringComparer.Ordinal)) identical++;
        }
        return new RunOverlap(run.Name, other.Name, depth, shared, left.Count - shared, right.Keys.Count(q => !left.ContainsKey(q)),
            shared == 0 ? double.NaN : overlapSum / shared, shared == 0 ? double.NaN : jaccardSum / shared, identical);
    }

    private static List<string> Top(List<RankedHit> hits, int depth)
    {
        var ordered = hits.ToList();
        ordered.Sort(static (a, b) => TrecOrder.Compare(a.Score, a.DocId, b.Score, b.DocId));
        return ordered.Select(h => h.DocId).Distinct(StringComparer.Ordinal).Take(depth).ToList();
    }
}
