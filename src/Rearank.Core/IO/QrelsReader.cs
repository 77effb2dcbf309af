using System.Globalization;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>Streams the judgments of a qrels file.</summary>
public static class QrelsReader
{
    public static IEnumerable<Judgment> Read(string path, QrelsFormat format = QrelsFormat.Auto, MalformedRecordHandler? onMalformed = null)
    {
        if (format == QrelsFormat.Auto) format = Detect(path);
        return LineRecords.Read(path, line => Parse(path, line, format), onMalformed, skipComments: true);
    }

    /// <summary>Four columns on the first line is TREC; a header or three columns is BEIR.</summary>
    public static QrelsFormat Detect(string path) =>
        LineRecords.FirstLine(path, skipComments: true) is { } first && Fields.SplitWhitespace(first).Length == 4 ? QrelsFormat.Trec : QrelsFormat.BeirTsv;

    private static Judgment? Parse(string path, NumberedLine line, QrelsFormat format)
    {
        var fields = Fields.SplitWhitespace(line.Text);
        if (format == QrelsFormat.BeirTsv && fields[0].Equals("query-id", StringComparison.OrdinalIgnoreCase)) return null;
        var (expected, count, docColumn, gradeColumn) = format == QrelsFormat.Trec
            ? ("'qid iteration docid relevance' (TREC qrels, 4 columns)", 4, 2, 3)
            : ("'query-id<TAB>corpus-id<TAB>score' (BEIR qrels, 3 columns)", 3, 1, 2);
        if (fields.Length != count)
            throw new MalformedRecordException(path, line.Number, $"{expected}, not {fields.Length} columns", line.Text);
        if (!int.TryParse(fields[gradeColumn], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var grade))
            throw new MalformedRecordException(path, line.Number, $"an integer relevance grade in column {gradeColumn + 1}", line.Text);
        return new Judgment(fields[0], fields[docColumn], grade);
    }
}
