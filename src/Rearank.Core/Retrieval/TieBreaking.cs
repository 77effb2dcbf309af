using Rearank.Core.Model;
namespace Rearank.Core.Retrieval;

/// <summary>
/// Anserini's last step before writing a run (its TiebreakerReranker / ScoreTiesAdjusterReranker), reproduced so our
/// rankings and printed scores are the ones its published numbers come from. Scores are rounded to four decimals in
/// float, the list re-sorted by rounded score and then by docid ascending, and each further member of a tie lowered
/// by 1e-6 times its place in the tie. trec_eval then reads those scores: where the float subtraction leaves two
/// scores equal, it orders them by docid descending, so we order the final list that way too, and the ranks we emit
/// are the order trec_eval would see in Anserini's own run file.
/// </summary>
internal static class TieBreaking
{
    public readonly record struct Scored(string DocId, float Score, int LuceneDoc);

    /// <summary>Applies the adjustment to a query's hits in place, leaving them in trec_eval's order; returns them.</summary>
    public static Scored[] Apply(Scored[] hits)
    {
        for (var i = 0; i < hits.Length; i++) hits[i] = hits[i] with { Score = RoundToFourDecimals(hits[i].Score) };
        // Anserini's own sort is Java's String.compareTo, which is UTF-16 order: ordinal, not trec_eval's bytes.
        StableSort.Sort(hits, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.DocId, b.DocId));

        var previous = 0f;
        var tie = 0;
        for (var i = 0; i < hits.Length; i++)
        {
            var current = hits[i].Score;
            if (previous == 0f || previous - current > 1e-4f)
            {
                tie = 0;
            }
            else
            {
                tie++;
                current -= 1e-6f * tie;
            }
            hits[i] = hits[i] with { Score = current };
            previous = current;
        }

        // trec_eval's view of that file: score descending, ties by docid descending by its bytes.
        StableSort.Sort(hits, static (a, b) => TrecOrder.Compare(a.Score, a.DocId, b.Score, b.DocId));
        return hits;
    }

    /// <summary>Java's Math.round(score * 1e4f) / 1e4f: the product in float, rounded half up exactly, divided in float.</summary>
    internal static float RoundToFourDecimals(float score)
    {
        var scaled = score * 1e4f;
        var whole = (int)Math.Floor((double)scaled + 0.5);
        return whole / 1e4f;
    }
}
