namespace Rearank.Core.IO;

/// <summary>Column splitting shared by the whitespace-separated TREC formats, without allocating per column.</summary>
internal static class Fields
{
    /// <summary>Finds up to <c>fields.Length</c> space- or tab-separated columns; returns how many it found.</summary>
    public static int Split(ReadOnlySpan<char> line, Span<Range> fields) => Split(line, fields, ' ', '\t');

    /// <summary>The same over UTF-8 bytes, for readers that parse a file without decoding it.</summary>
    public static int Split(ReadOnlySpan<byte> line, Span<Range> fields) => Split(line, fields, (byte)' ', (byte)'\t');

    // Called per line of million-line runs: compiled fully optimized at once, not instrumented and tiered up mid-run.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int Split<T>(ReadOnlySpan<T> line, Span<Range> fields, T space, T tab) where T : IEquatable<T>
    {
        var count = 0;
        var position = 0;
        while (count < fields.Length)
        {
            var start = line[position..].IndexOfAnyExcept(space, tab);
            if (start < 0) break;
            start += position;
            var length = line[start..].IndexOfAny(space, tab);
            var end = length < 0 ? line.Length : start + length;
            fields[count++] = new Range(start, end);
            position = end;
        }
        return count;
    }

    /// <summary>Counts every column, for messages about lines with too many or too few.</summary>
    public static int Count(ReadOnlySpan<char> line)
    {
        Span<Range> probe = stackalloc Range[64];
        return Split(line, probe);
    }

    /// <summary>The same string as last time when the text is unchanged: query ids repeat on consecutive lines.</summary>
    public static string Reuse(ReadOnlySpan<char> text, ref string? previous) =>
        previous is not null && text.SequenceEqual(previous) ? previous : previous = text.ToString();
}
