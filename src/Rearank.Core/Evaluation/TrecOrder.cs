namespace Rearank.Core.Evaluation;

/// <summary>
/// trec_eval's order of a query's documents held as hits: score descending, then document id descending by its UTF-8
/// bytes (RankedRelevance orders a run's byte slices the same way). Fusion, run statistics and overlaps read rankings
/// in this order, so the ranks they use are those trec_eval sees when it evaluates the files.
/// </summary>
internal static class TrecOrder
{
    public static int Compare(double scoreA, string docA, double scoreB, string docB)
    {
        var byScore = scoreB.CompareTo(scoreA);
        return byScore != 0 ? byScore : CompareUtf8(docB, docA);
    }

    /// <summary>Code point order, which is UTF-8 byte order (UTF-16's ordinal order differs above U+D7FF).</summary>
    private static int CompareUtf8(string a, string b)
    {
        var ordinal = string.CompareOrdinal(a, b);
        if (ordinal == 0 || (IsAscii(a) && IsAscii(b))) return ordinal;
        var left = a.EnumerateRunes();
        var right = b.EnumerateRunes();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight) return hasLeft.CompareTo(hasRight);
            var byRune = left.Current.Value.CompareTo(right.Current.Value);
            if (byRune != 0) return byRune;
        }
    }

    private static bool IsAscii(string text) => System.Text.Ascii.IsValid(text);
}
