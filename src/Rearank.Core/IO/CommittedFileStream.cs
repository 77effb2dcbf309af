namespace Rearank.Core.IO;

/// <summary>
/// A file written in commits: what is written waits in memory until <see cref="Commit"/> puts it on disk, and what
/// was never committed is dropped when the stream closes. The exports commit once per finished query, so an export
/// cut short (Ctrl+C, a failure upstream, a kill) ends at its last whole query instead of a partial one that looks
/// valid.
/// </summary>
public sealed class CommittedFileStream(Stream file) : Stream
{
    private readonly MemoryStream pending = new();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => file.Length + pending.Length;
    public override long Position { get => Length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => pending.Write(buffer, offset, count);
    public override void Write(ReadOnlySpan<byte> buffer) => pending.Write(buffer);

    /// <summary>Flushing a writer on top only moves its bytes here; nothing reaches the disk before a commit.</summary>
    public override void Flush()
    {
    }

    /// <summary>Puts everything written so far on disk.</summary>
    public void Commit()
    {
        if (pending.Length == 0) return;
        pending.Position = 0;
        pending.CopyTo(file);
        pending.SetLength(0);
        file.Flush();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            pending.Dispose();
            file.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Commits the stream under a writer, after flushing the writer into it (no-op for other streams).</summary>
    public static void CommitUnder(TextWriter writer)
    {
        writer.Flush();
        if (writer is StreamWriter { BaseStream: CommittedFileStream committed }) committed.Commit();
    }
}
