namespace Rearank.Core.IO;

/// <summary>
/// The loop every line-based reader shares: skip blank lines (and, for the TREC formats, '#' comment lines as
/// trec_eval 10 does), parse, report a bad line and go on.
/// </summary>
internal static class LineRecords
{
    /// <param name="path">The file, plain or gzip.</param>
    /// <param name="parse">Turns a line into a record, returns null for a line to pass over (a header), or throws MalformedRecordException.</param>
    /// <param name="onMalformed">Receives each bad line; null makes the first one throw.</param>
    /// <param name="skipComments">Pass over lines whose first character is '#'.</param>
    public static IEnumerable<T> Read<T>(string path, Func<NumberedLine, T?> parse, MalformedRecordHandler? onMalformed, bool skipComments = false)
        where T : class
    {
        foreach (var line in TextFile.ReadLines(path))
        {
            if (IsSkipped(line.Text, skipComments)) continue;
            T? record = null;
            try
            {
                record = parse(line);
            }
            catch (MalformedRecordException e)
            {
                onMalformed.Report(e);
            }
            if (record is not null) yield return record;
        }
    }

    /// <summary>The first non-blank line, for formats told apart by how they start.</summary>
    public static string? FirstLine(string path, bool skipComments = false) =>
        TextFile.ReadLines(path).Select(l => l.Text).FirstOrDefault(t => !IsSkipped(t, skipComments));

    private static bool IsSkipped(string text, bool skipComments) =>
        string.IsNullOrWhiteSpace(text) || (skipComments && text.StartsWith('#'));
}
