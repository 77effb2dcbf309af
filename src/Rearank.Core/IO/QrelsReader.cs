using System.Globalization;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>Streams the judgments of a qrels file.</summary>
public static class QrelsReader
{
    public static IEnumerable<Judgment> Read(string path, QrelsFormat format = QrelsFormat.Auto, MalformedRecordHandler? onMalformed = null)
    {
        var first = true;
        foreach (var line in TextFile.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line.Text)) continue;
            var fields = Fields.SplitWhitespace(line.Text);
            if (first)
            {
                first = false;
                if (format == QrelsFormat.Auto) format = fields.Length == 4 ? QrelsFormat.Trec : QrelsFormat.BeirTsv;
                if (format == QrelsFormat.BeirTsv && fields.Length > 0 && fields[0].Equals("query-id", StringComparison.OrdinalIgnoreCase))
                    continue;
            }
            Judgment? judgment = null;
            try
            {
                judgment = Parse(path, line, fields, format);
            }
            catch (MalformedRecordException e)
            {
                onMalformed.Report(e);
            }
            if (judgment is not null) yield return judgment;
        }
    }

    private static Judgment Parse(string path, NumberedLine line, string[] fields, QrelsFormat format)
    {
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
