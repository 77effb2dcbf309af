using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Rearank.Core.Retrieval;

/// <summary>
/// The top k documents by score, ties broken by docid ascending: the order of Anserini's sort (score, then id), kept
/// in a heap of plain structs. Lucene's TopFieldCollector gives the same documents but copies each candidate's id
/// bytes out of the doc values as it enters the queue, which made most of a top-1,000 search; here an id is an int
/// (its place in docid order, <see cref="IdOrder"/>) until the k winners are known.
/// </summary>
internal sealed class TopScoreThenIdCollector(int size, int[] idOrder) : ICollector
{
    /// <summary>A collected document: its score, its docid's place in docid order, and its Lucene number.</summary>
    public readonly record struct Entry(float Score, int Order, int Doc);

    private readonly Entry[] heap = new Entry[size];
    private int count;
    private int docBase;
    private Scorer? scorer;

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer) => this.scorer = scorer;

    public void SetNextReader(AtomicReaderContext context) => docBase = context.DocBase;

    public void Collect(int doc) => Collect(docBase + doc, scorer!.GetScore());

    /// <summary>Collects a document by its number in the whole index, with its score.</summary>
    public void Collect(int global, float score)
    {
        var entry = new Entry(score, idOrder[global], global);
        if (count < heap.Length)
        {
            heap[count] = entry;
            SiftUp(count++);
        }
        else if (Before(entry, heap[0]))
        {
            heap[0] = entry;
            SiftDown(0);
        }
    }

    /// <summary>The winners, best first; empties the collector. The worst is popped off the heap into the last place,
    /// and so on: no call to the framework's generic sort, which a fresh process would first have to compile.</summary>
    public Entry[] Results()
    {
        var results = new Entry[count];
        for (var i = results.Length - 1; i >= 0; i--)
        {
            results[i] = heap[0];
            heap[0] = heap[--count];
            SiftDown(0);
        }
        return results;
    }

    /// <summary>Higher score first; on equal scores the smaller docid, then (for two documents with one id) the smaller Lucene number, as Lucene's collector.</summary>
    private static bool Before(Entry a, Entry b) =>
        a.Score > b.Score || (a.Score == b.Score && (a.Order < b.Order || (a.Order == b.Order && a.Doc < b.Doc)));

    // The heap keeps its worst entry at the root, so a better candidate replaces it.
    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Before(heap[parent], heap[i])) break;
            (heap[parent], heap[i]) = (heap[i], heap[parent]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = 2 * i + 1;
            if (left >= count) return;
            var worse = left + 1 < count && Before(heap[left], heap[left + 1]) ? left + 1 : left;
            if (!Before(heap[i], heap[worse])) return;
            (heap[i], heap[worse]) = (heap[worse], heap[i]);
            i = worse;
        }
    }
}
