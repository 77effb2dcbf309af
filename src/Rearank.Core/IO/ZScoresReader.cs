using System.Globalization;
using Rearank.Core.Evaluation;

namespace Rearank.Core.IO;

/// <summary>Reads trec_eval's -Z file: one 'qid measure mean stddev' line per query and measure.</summary>
public static class ZScoresReader
{
    private sealed record Entry(string QueryId, string Measure, double Mean, double StdDev);

    public static ZScores Read(string path, MalformedRecordHandler? onMalformed = null) =>
        new(LineRecords.Read(path, line => Parse(path, line), onMalformed, skipComments: true)
            .Select(e => (e.QueryId, e.Measure, e.Mean, e.StdDev)).ToList());

    private static Entry Parse(string path, NumberedLine line)
    {
        var text = line.Text.AsSpan();
        Span<Range> fields = stackalloc Range[5];
        if (Fields.Split(text, fields) != 4)
            throw new MalformedRecordException(path, line.Number, $"'qid measure mean stddev' (trec_eval -Z, 4 columns), not {Fields.Count(text)} columns", line.Text);
        if (!double.TryParse(text[fields[2]], NumberStyles.Float, CultureInfo.InvariantCulture, out var mean)
            || !double.TryParse(text[fields[3]], NumberStyles.Float, CultureInfo.InvariantCulture, out var stdDev))
            throw new MalformedRecordException(path, line.Number, "a number in columns 3 (mean) and 4 (standard deviation)", line.Text);
        return new Entry(text[fields[0]].ToString(), text[fields[1]].ToString(), mean, stdDev);
    }
}
