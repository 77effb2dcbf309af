namespace Rearank.Core.Model;

/// <summary>
/// trec_eval's order of a query's documents held as hits: score descending, then document id descending by its UTF-8
/// bytes (RankedRelevance orders a run's byte slices the same way). Everything that ranks as trec_eval will read the
/// result (fusion, run statistics and overlaps, BM25's final order, a suite's first stage, the reward's slots) orders
/// through here, so the ranks it uses are those trec_eval sees when it evaluates the files.
/// </summary>
internal static class TrecOrder
{
    public static int Compare(double scoreA, string docA, double scoreB, string docB)
    {
        var byScore = scoreB.CompareTo(scoreA);
        return byScore != 0 ? byScore : CompareUtf8(docB, docA);
    }

    /// <summary>Document ids in trec_eval's byte order, ascending (sort descending for its tie order).</summary>
    public static readonly IComparer<string> Ids = Comparer<string>.Create(CompareUtf8);

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
