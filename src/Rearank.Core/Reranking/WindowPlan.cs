namespace Rearank.Core.Reranking;

/// <summary>A slice [Start, End) of one query's ranking that the model reorders in one call.</summary>
public readonly record struct RankWindow(int Start, int End)
{
    public int Count => End - Start;
    public override string ToString() => $"[{Start},{End})";
}

/// <summary>
/// The sliding window (protocol §5): back to front from the depth, window by window, each step moving up by
/// <c>step</c>, the last window clamped to start at 0 (rank_llm's fix of the original, which skipped short lists and
/// left the top of some lists untouched). A window of one passage has nothing to reorder and is not planned.
/// </summary>
public static class WindowPlan
{
    public const int DefaultWindow = 20;
    public const int DefaultStep = 10;
    public const int DefaultDepth = 100;

    public static IReadOnlyList<RankWindow> For(int count, int window = DefaultWindow, int step = DefaultStep, int depth = DefaultDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var windows = new List<RankWindow>();
        var end = Math.Min(count, depth);
        if (end < 2) return windows;
        while (true)
        {
            var start = Math.Max(0, end - window);
            windows.Add(new RankWindow(start, end));
            if (start == 0) return windows;
            end -= step;
            if (end < 2) return windows;
        }
    }
}
