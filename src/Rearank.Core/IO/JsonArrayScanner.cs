using System.Text.Json;

namespace Rearank.Core.IO;

/// <summary>
/// Walks a top-level JSON array one element at a time without loading the file, keeping each element's bytes
/// and the line it starts on, so a multi-gigabyte candidate file streams in constant memory and errors can
/// still point at a line.
/// </summary>
internal sealed class JsonArrayScanner(Stream stream, string path)
{
    private byte[] buffer = new byte[1 << 16];
    private int length;
    private int position;
    private bool endOfInput;
    private JsonReaderState state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
    private long linesBeforeBuffer;
    private bool started;

    /// <summary>A complete element of the array and the 1-based line its first byte is on.</summary>
    public readonly record struct Element(byte[] Bytes, long Line);

    public IEnumerable<Element> Elements()
    {
        Fill();
        SkipByteOrderMark();
        while (TryReadNext(out var element)) yield return element;
    }

    private bool TryReadNext(out Element element)
    {
        while (true)
        {
            try
            {
                var reader = new Utf8JsonReader(buffer.AsSpan(position, length - position), endOfInput, state);
                if (!started)
                {
                    if (!reader.Read()) { NeedMore(); continue; }
                    if (reader.TokenType != JsonTokenType.StartArray)
                        throw new MalformedRecordException(path, LineAt(position + (int)reader.TokenStartIndex),
                            "a JSON array '[{\"query\": ..., \"hits\": [...]}, ...]' (RankGPT candidate list)");
                    Advance(ref reader);
                    started = true;
                    continue;
                }
                if (!reader.Read()) { NeedMore(); continue; }
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    element = default;
                    return false;
                }
                var start = position + (int)reader.TokenStartIndex;
                if (!reader.TrySkip()) { NeedMore(); continue; }
                var end = position + (int)reader.BytesConsumed;
                element = new Element(buffer.AsSpan(start, end - start).ToArray(), LineAt(start));
                Advance(ref reader);
                return true;
            }
            catch (JsonException e)
            {
                // A syntax error leaves no safe place to resume: the rest of the file is unreadable.
                throw new MalformedRecordException(path, (e.LineNumber ?? 0) + 1, $"well-formed JSON: {e.Message}", null, e);
            }
        }
    }

    private void Advance(ref Utf8JsonReader reader)
    {
        position += (int)reader.BytesConsumed;
        state = reader.CurrentState;
    }

    /// <summary>Moves unread bytes to the front (growing the buffer when one element fills it) and reads more.</summary>
    private void NeedMore()
    {
        if (endOfInput)
            throw new MalformedRecordException(path, LineAt(length), "more JSON: the file ends inside the array");
        linesBeforeBuffer += CountNewlines(buffer.AsSpan(0, position));
        var unread = length - position;
        if (unread > buffer.Length / 2) Array.Resize(ref buffer, buffer.Length * 2);
        Buffer.BlockCopy(buffer, position, buffer, 0, unread);
        length = unread;
        position = 0;
        Fill();
    }

    private void Fill()
    {
        while (length < buffer.Length)
        {
            var read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                endOfInput = true;
                return;
            }
            length += read;
        }
    }

    private void SkipByteOrderMark()
    {
        if (length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) position = 3;
    }

    private long LineAt(int offset) => linesBeforeBuffer + CountNewlines(buffer.AsSpan(0, offset)) + 1;

    internal static int CountNewlines(ReadOnlySpan<byte> bytes) => System.MemoryExtensions.Count(bytes, (byte)'\n');
}
