namespace Rearank.Core.Retrieval;

/// <summary>
/// A stable merge sort for a query's hits. The framework's sort is generic code that a fresh process compiles for
/// each struct it sorts (ReadyToRun cannot put it in this assembly), which a one-shot search paid on every query
/// until it was recompiled; this one is compiled ahead of time. The hits arrive nearly in order, so each merge
/// first checks whether its halves already are, and most are: close to one pass for a typical query.
/// Being stable, equal hits keep the order they came in, which the framework's introsort does not promise.
/// </summary>
internal static class StableSort
{
    public static void Sort(TieBreaking.Scored[] items, Comparison<TieBreaking.Scored> compare)
    {
        if (items.Length < 2) return;
        var scratch = new TieBreaking.Scored[items.Length];
        SortRange(items, scratch, 0, items.Length, compare);
    }

    private static void SortRange(TieBreaking.Scored[] items, TieBreaking.Scored[] scratch, int start, int end, Comparison<TieBreaking.Scored> compare)
    {
        if (end - start <= 16)
        {
            InsertionSort(items, start, end, compare);
            return;
        }
        var middle = start + (end - start) / 2;
        SortRange(items, scratch, start, middle, compare);
        SortRange(items, scratch, middle, end, compare);
        if (compare(items[middle - 1], items[middle]) <= 0) return;   // already in order
        Array.Copy(items, start, scratch, start, end - start);
        int left = start, right = middle, target = start;
        while (left < middle && right < end)
            items[target++] = compare(scratch[right], scratch[left]) < 0 ? scratch[right++] : scratch[left++];
        while (left < middle) items[target++] = scratch[left++];
        while (right < end) items[target++] = scratch[right++];
    }

    private static void InsertionSort(TieBreaking.Scored[] items, int start, int end, Comparison<TieBreaking.Scored> compare)
    {
        for (var i = start + 1; i < end; i++)
        {
            var item = items[i];
            var j = i - 1;
            while (j >= start && compare(items[j], item) > 0)
            {
                items[j + 1] = items[j];
                j--;
            }
            items[j + 1] = item;
        }
    }
}
