namespace Rearank.Core.IO;

/// <summary>
/// Per-query state for the last <see cref="Capacity"/> queries seen, the oldest forgotten first. Writers keep a
/// query's rank and last score here: input grouped by query (what every command emits) needs one entry, input that
/// interleaves a few queries still continues each one, and a run of millions of queries stays at flat memory.
/// </summary>
internal sealed class RecentQueries<T>
{
    public const int Capacity = 1024;

    private readonly Dictionary<string, T> values = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    public bool TryGetValue(string queryId, out T value) => values.TryGetValue(queryId, out value!);

    public T this[string queryId]
    {
        set
        {
            if (!values.ContainsKey(queryId))
            {
                order.Enqueue(queryId);
                if (order.Count > Capacity) values.Remove(order.Dequeue());
            }
            values[queryId] = value;
        }
    }
}
