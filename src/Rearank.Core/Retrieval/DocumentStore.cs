using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Rearank.Core.Retrieval;

/// <summary>
/// The raw title and text of every indexed document, in one file beside the Lucene index, each record found by an
/// offset the index keeps as a doc value. Lucene.Net's compressed stored fields cost about 50 µs a document to read;
/// a positional read from this file costs about 1 µs, which is what lets a top-1000 search return its passages quickly.
/// Record layout: title byte count and text byte count (int32 little-endian each), then both as UTF-8.
/// </summary>
public sealed class DocumentStore : IDisposable
{
    public const string FileName = "documents.dat";

    private readonly SafeFileHandle handle;

    private DocumentStore(SafeFileHandle handle) => this.handle = handle;

    public static DocumentStore Open(string indexPath) =>
        new(File.OpenHandle(Path.Combine(indexPath, FileName), FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess));

    /// <summary>Reads one record; safe to call from many threads at once.</summary>
    /// <summary>The title length that marks a row without a title field.</summary>
    private const int NoTitle = -1;

    public (string? Title, string Text) Read(long offset)
    {
        Span<byte> header = stackalloc byte[8];
        var length = RandomAccess.GetLength(handle);
        if (offset < 0 || RandomAccess.Read(handle, header, offset) != 8)
            throw new RearankException($"The passage store ({FileName}) of this index ends before offset {offset:N0}; rebuild the index with New-Bm25Index -Force.");
        var storedTitleLength = BinaryPrimitives.ReadInt32LittleEndian(header);
        var titleLength = storedTitleLength == NoTitle ? 0 : storedTitleLength;
        var textLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        if (titleLength < 0 || textLength < 0 || offset + 8L + titleLength + textLength > length)
            throw new RearankException($"The passage store ({FileName}) of this index is damaged at offset {offset:N0}; rebuild the index with New-Bm25Index -Force.");
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(titleLength + textLength);
        try
        {
            var body = buffer.AsSpan(0, titleLength + textLength);
            if (RandomAccess.Read(handle, body, offset + 8) != body.Length)
                throw new RearankException($"The document store of this index ends early at offset {offset}; rebuild the index.");
            return (storedTitleLength == NoTitle ? null : Encoding.UTF8.GetString(body[..titleLength]), Encoding.UTF8.GetString(body[titleLength..]));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => handle.Dispose();

    /// <summary>Appends records from several indexing threads; returns each record's offset.</summary>
    internal sealed class Writer(string indexPath) : IDisposable
    {
        private readonly FileStream stream = new(Path.Combine(indexPath, FileName), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        private readonly Lock gate = new();

        // A null title (no title field) is stored as the length -1, so it reads back null, not empty.
        public long Append(string? title, string text)
        {
            var titleBytes = Encoding.UTF8.GetBytes(title ?? "");
            var textBytes = Encoding.UTF8.GetBytes(text);
            Span<byte> header = stackalloc byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(header, title is null ? NoTitle : titleBytes.Length);
            BinaryPrimitives.WriteInt32LittleEndian(header[4..], textBytes.Length);
            lock (gate)
            {
                var offset = stream.Position;
                stream.Write(header);
                stream.Write(titleBytes);
                stream.Write(textBytes);
                return offset;
            }
        }

        public void Dispose() => stream.Dispose();
    }
}
