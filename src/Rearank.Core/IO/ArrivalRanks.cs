namespace Rearank.Core.IO;

/// <summary>
/// Numbers hits 1, 2, 3, ... within each query in the order they arrive: the writers record the order they are
/// given, whatever Rank a hit carried before (a reranked or re-sorted hit keeps its old one).
/// </summary>
internal sealed class ArrivalRanks
{
    private readonly RecentQueries<int> counts = new();

    public int Next(string queryId)
    {
        counts.TryGetValue(queryId, out var count);
        counts[queryId] = ++count;
        return count;
    }
}
