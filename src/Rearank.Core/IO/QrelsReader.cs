using System.Globalization;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>Streams the judgments of a qrels file.</summary>
public static class QrelsReader
{
    public static IEnumerable<Judgment> Read(string path, QrelsFormat format = QrelsFormat.Auto, MalformedRecordHandler? onMalformed = null)
    {
        if (format == QrelsFormat.Auto) format = Detect(path);
        string? lastQuery = null;
        return LineRecords.Read(path, line => Parse(path, line, format, ref lastQuery), onMalformed, skipComments: true);
    }

    /// <summary>
    /// Streams a TREC qrels file whose second column names a judgment group (trec_eval -R qrels_jg), each judgment
    /// with its group.
    /// </summary>
    public static IEnumerable<(string Group, Judgment Judgment)> ReadJudgmentGroups(string path, MalformedRecordHandler? onMalformed = null)
    {
        string? lastQuery = null;
        return LineRecords.Read(path, line => ParseGrouped(path, line, ref lastQuery), onMalformed, skipComments: true)
            .Select(g => (g.Group, g.Judgment));
    }

    private sealed record GroupedJudgment(string Group, Judgment Judgment);

    private static GroupedJudgment? ParseGrouped(string path, NumberedLine line, ref string? lastQuery)
    {
        if (Parse(path, line, QrelsFormat.Trec, ref lastQuery) is not { } judgment) return null;
        Span<Range> fields = stackalloc Range[5];
        Fields.Split(line.Text.AsSpan(), fields);
        return new GroupedJudgment(line.Text.AsSpan()[fields[1]].ToString(), judgment);
    }

    /// <summary>Four columns on the first line is TREC; a header or three columns is BEIR.</summary>
    public static QrelsFormat Detect(string path) =>
        LineRecords.FirstLine(path, skipComments: true) is { } first && Fields.Count(first) == 4 ? QrelsFormat.Trec : QrelsFormat.BeirTsv;

    // Called once per judgment, 100,000 times and more on one call: compiled fully optimized at once.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static Judgment? Parse(string path, NumberedLine line, QrelsFormat format, ref string? lastQuery)
    {
        var text = line.Text.AsSpan();
        Span<Range> fields = stackalloc Range[5];
        var count = Fields.Split(text, fields);
        if (format == QrelsFormat.BeirTsv && text[fields[0]].Equals("query-id", StringComparison.OrdinalIgnoreCase)) return null;
        var (expected, columns, docColumn, gradeColumn) = format == QrelsFormat.Trec
            ? ("'qid iteration docid relevance' (TREC qrels, 4 columns)", 4, 2, 3)
            : ("'query-id<TAB>corpus-id<TAB>score' (BEIR qrels, 3 columns)", 3, 1, 2);
        if (count != columns)
            throw new MalformedRecordException(path, line.Number, $"{expected}, not {Fields.Count(text)} columns", line.Text);
        if (!int.TryParse(text[fields[gradeColumn]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var grade))
            throw new MalformedRecordException(path, line.Number, $"an integer relevance grade in column {gradeColumn + 1}", line.Text);
        if (grade > Judgment.MaxGrade)
            throw new MalformedRecordException(path, line.Number, $"a relevance grade of at most {Judgment.MaxGrade:N0} in column {gradeColumn + 1}", line.Text);
        return new Judgment(Fields.Reuse(text[fields[0]], ref lastQuery), text[fields[docColumn]].ToString(), grade);
    }
}
