using System.Globalization;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>
/// Streams the lines of a TREC run file ('qid Q0 docid rank score tag') as hits, in file order. As in
/// trec_eval 10, lines starting with '#' are comments and text after the sixth column is ignored.
/// </summary>
public static class TrecRunReader
{
    private const string Expected = "'qid Q0 docid rank score tag' (TREC run, 6 columns)";

    public static IEnumerable<RankedHit> Read(string path, MalformedRecordHandler? onMalformed = null)
    {
        string? lastQuery = null, lastTag = null;
        return LineRecords.Read(path, line => Parse(path, line, ref lastQuery, ref lastTag), onMalformed, skipComments: true);
    }

    private static RankedHit Parse(string path, NumberedLine line, ref string? lastQuery, ref string? lastTag)
    {
        var text = line.Text.AsSpan();
        Span<Range> fields = stackalloc Range[6];
        // Like trec_eval, text after the sixth column is ignored.
        if (Fields.Split(text, fields) < 6)
            throw new MalformedRecordException(path, line.Number, $"{Expected}, not {Fields.Count(text)} columns", line.Text);
        if (!int.TryParse(text[fields[3]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var rank))
            throw new MalformedRecordException(path, line.Number, "an integer rank in column 4", line.Text);
        if (!double.TryParse(text[fields[4]], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !double.IsFinite(score))
            throw new MalformedRecordException(path, line.Number, "a finite number as the score in column 5", line.Text);
        return new RankedHit
        {
            QueryId = Fields.Reuse(text[fields[0]], ref lastQuery), DocId = text[fields[2]].ToString(), Rank = rank, Score = score,
            RunTag = Fields.Reuse(text[fields[5]], ref lastTag),
        };
    }
}
