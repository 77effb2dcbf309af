namespace Rearank.Core.IO;

/// <summary>Column splitting shared by the whitespace-separated TREC formats, without allocating per column.</summary>
internal static class Fields
{
    /// <summary>Finds up to <c>fields.Length</c> space- or tab-separated columns; returns how many it found.</summary>
    public static int Split(ReadOnlySpan<char> line, Span<Range> fields)
    {
        var count = 0;
        var i = 0;
        while (count < fields.Length)
        {
            while (i < line.Length && (line[i] == ' ' || line[i] == '\t')) i++;
            if (i >= line.Length) break;
            var start = i;
            while (i < line.Length && line[i] != ' ' && line[i] != '\t') i++;
            fields[count++] = new Range(start, i);
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
