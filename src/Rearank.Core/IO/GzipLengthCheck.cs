namespace Rearank.Core.IO;

/// <summary>
/// Checks a gzip file at its end: .NET's decompressor stops quietly where a cut file stops, so the decompressed
/// length is compared with the length the gzip trailer declares (modulo 2^32, for its last member), and a mismatch
/// is an <see cref="InvalidDataException"/> naming the file instead of a silently shorter input.
/// </summary>
internal sealed class GzipLengthCheck(Stream inner, string path, uint declaredLength) : Stream
{
    private long decompressed;
    private bool checkedEnd;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => decompressed; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    private int Counted(int read)
    {
        decompressed += read;
        if (read == 0 && !checkedEnd)
        {
            checkedEnd = true;
            if ((uint)decompressed != declaredLength)
                throw new InvalidDataException($"'{path}' is a gzip file cut short: it gave {decompressed:N0} bytes of text, but its trailer declares {declaredLength:N0} (a download or copy that did not finish?).");
        }
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
