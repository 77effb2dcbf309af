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

    public static List<Scored> Apply(IEnumerable<Scored> hits)
    {
        var rounded = hits.Select(h => h with { Score = RoundToFourDecimals(h.Score) }).ToList();
        // Anserini's own sort is Java's String.compareTo, which is UTF-16 order: ordinal, not trec_eval's bytes.
        rounded.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.DocId, b.DocId));

        var previous = 0f;
        var tie = 0;
        for (var i = 0; i < rounded.Count; i++)
        {
            var current = rounded[i].Score;
            if (previous == 0f || previous - current > 1e-4f)
            {
                tie = 0;
            }
            else
            {
                tie++;
                current -= 1e-6f * tie;
            }
            rounded[i] = rounded[i] with { Score = current };
            previous = current;
        }

        // trec_eval's view of that file: score descending, ties by docid descending by its bytes.
        rounded.Sort(static (a, b) => TrecOrder.Compare(a.Score, a.DocId, b.Score, b.DocId));
        return rounded;
    }

    /// <summary>Java's Math.round(score * 1e4f) / 1e4f: the product in float, rounded half up exactly, divided in float.</summary>
    internal static float RoundToFourDecimals(float score)
    {
        var scaled = score * 1e4f;
        var whole = (int)Math.Floor((double)scaled + 0.5);
        return whole / 1e4f;
    }
}
