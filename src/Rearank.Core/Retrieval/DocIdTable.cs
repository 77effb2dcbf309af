using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.IO.MemoryMappedFiles;
using System.Text;
using Lucene.Net.Index;

namespace Rearank.Core.Retrieval;

/// <summary>
/// Every document's id by Lucene document number, in one memory-mapped file beside the index, so a search reads a
/// winner's id in one step. Lucene's sorted doc values keep the ids prefix-compressed in blocks, and reading one
/// decodes its block: that was a fifth of a top-100 search. Written when the index is built; an index without the
/// file, or with one that does not fit, reads the doc values as before.
/// Layout: (document count + 1) int64 little-endian offsets into the bytes that follow, then the ids as UTF-8.
/// </summary>
internal sealed class DocIdTable : IDisposable
{
    public const string FileName = "doc-ids.bin";

    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;
    private readonly SafeBuffer memory;
    private readonly int count;
    private readonly long bytesStart;
    private readonly long length;
    private readonly string path;

    private DocIdTable(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, int count, long length)
    {
        this.path = path;
        this.file = file;
        this.view = view;
        memory = view.SafeMemoryMappedViewHandle;
        this.count = count;
        this.length = length;
        bytesStart = (count + 1L) * sizeof(long);
    }

    public static void Save(string folder, IndexReader reader)
    {
        var ids = MultiDocValues.GetSortedValues(reader, IndexFields.Id)
            ?? throw new RearankException("The index has no document ids; rebuild it with New-Bm25Index -Force.");
        var bytes = new Lucene.Net.Util.BytesRef();
        var offsets = new long[reader.MaxDoc + 1];
        using var text = new MemoryStream();
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            ids.Get(doc, bytes);
            text.Write(bytes.Bytes, bytes.Offset, bytes.Length);
            offsets[doc + 1] = text.Length;
        }
        using var output = new FileStream(Path.Combine(folder, FileName), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Span<byte> number = stackalloc byte[sizeof(long)];
        foreach (var offset in offsets)
        {
            BinaryPrimitives.WriteInt64LittleEndian(number, offset);
            output.Write(number);
        }
        text.Position = 0;
        text.CopyTo(output);
    }

    /// <summary>The table of an index folder, or null when it has none or one that does not fit this reader.</summary>
    public static DocIdTable? Open(string folder, IndexReader reader)
    {
        var path = Path.Combine(folder, FileName);
        var info = new FileInfo(path);
        var count = reader.MaxDoc;
        var offsetsLength = (count + 1L) * sizeof(long);
        if (!info.Exists || count == 0 || info.Length < offsetsLength) return null;
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        var table = new DocIdTable(path, file, view, count, info.Length);
        // The last offset is the length of the ids, and the first and last ids are the index's: a table of another
        // build, cut or grown, is not used.
        if (table.Offset(0) == 0 && table.Offset(count) == info.Length - offsetsLength && Agrees(table, reader, 0) && Agrees(table, reader, count - 1))
            return table;
        table.Dispose();
        return null;
    }


    private static bool Agrees(DocIdTable table, IndexReader reader, int doc)
    {
        var leaves = reader.Leaves;
        var leaf = ReaderUtil.SubIndex(doc, leaves);
        var values = leaves[leaf].AtomicReader.GetSortedDocValues(IndexFields.Id);
        if (values is null) return false;
        var bytes = new Lucene.Net.Util.BytesRef();
        values.Get(doc - leaves[leaf].DocBase, bytes);
        try
        {
            return table.Get(doc) == bytes.Utf8ToString();
        }
        catch (DamagedIndexException)
        {
            return false;
        }
    }

    /// <summary>The id of a document; safe to call from many threads at once.</summary>
    public string Get(int doc)
    {
        if ((uint)doc >= (uint)count) throw new ArgumentOutOfRangeException(nameof(doc));
        var start = Offset(doc);
        var size = Offset(doc + 1L) - start;
        if (start < 0 || size < 0 || size > 1 << 20 || bytesStart + start + size > length)
            throw new DamagedIndexException($"The id table ({FileName}) of this index is damaged at document {doc}; rebuild the index with New-Bm25Index -Force.", path);
        Span<byte> id = size <= 256 ? stackalloc byte[256] : new byte[size];
        id = id[..(int)size];
        memory.ReadSpan((ulong)(bytesStart + start), id);
        return Encoding.UTF8.GetString(id);
    }

    /// <summary>The offset of an id within the id bytes; the one after the last is their length.</summary>
    private long Offset(long index)
    {
        Span<byte> number = stackalloc byte[sizeof(long)];
        memory.ReadSpan((ulong)(index * sizeof(long)), number);
        return BinaryPrimitives.ReadInt64LittleEndian(number);
    }

    public void Dispose()
    {
        view.Dispose();
        file.Dispose();
    }
}
