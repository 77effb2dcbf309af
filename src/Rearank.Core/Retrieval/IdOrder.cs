using Lucene.Net.Index;

namespace Rearank.Core.Retrieval;

/// <summary>
/// Each document's place in docid order (Lucene's byte order of the ids, the order its string sort uses), by Lucene
/// document number, so a search can break score ties on an int. Written next to the index when it is built
/// (4 bytes a document) and read at open; an index without the file, or with one that does not fit, computes it.
/// </summary>
internal static class IdOrder
{
    public const string FileName = "id-order.bin";

    public static int[] Compute(IndexReader reader)
    {
        var order = new int[reader.MaxDoc];
        var ids = MultiDocValues.GetSortedValues(reader, IndexFields.Id)
            ?? throw new RearankException("The index has no sortable document ids; rebuild it with New-Bm25Index -Force.");
        for (var doc = 0; doc < order.Length; doc++) order[doc] = ids.GetOrd(doc);
        return order;
    }

    public static void Save(string folder, int[] order)
    {
        using var file = File.Create(Path.Combine(folder, FileName));
        file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(order.AsSpan()));
    }

    /// <summary>The saved order when it fits this reader, else the order computed from the index.</summary>
    public static int[] Load(string folder, IndexReader reader)
    {
        var path = Path.Combine(folder, FileName);
        if (File.Exists(path) && new FileInfo(path).Length == reader.MaxDoc * 4L)
        {
            var order = new int[reader.MaxDoc];
            using var file = File.OpenRead(path);
            file.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(order.AsSpan()));
            return order;
        }
        return Compute(reader);
    }
}
