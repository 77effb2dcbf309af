using System.Globalization;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>Reads preference judgments: trec_eval's prefs files, or qrels read as preferences.</summary>
public static class PreferencesReader
{
    /// <summary>A prefs file: 'qid jg jsg docno rel_level', five columns (trec_eval -R prefs).</summary>
    public static IEnumerable<PreferenceJudgment> ReadPrefs(string path, MalformedRecordHandler? onMalformed = null) =>
        LineRecords.Read(path, line => Parse(path, line, columns: 5), onMalformed, skipComments: true);

    /// <summary>A qrels file as preferences: 'qid jg docno rel', one subgroup per group (trec_eval -R qrels_prefs).</summary>
    public static IEnumerable<PreferenceJudgment> ReadQrels(string path, MalformedRecordHandler? onMalformed = null) =>
        LineRecords.Read(path, line => Parse(path, line, columns: 4), onMalformed, skipComments: true);

    private static PreferenceJudgment Parse(string path, NumberedLine line, int columns)
    {
        var text = line.Text.AsSpan();
        Span<Range> fields = stackalloc Range[6];
        var count = Fields.Split(text, fields);
        var expected = columns == 5
            ? "'qid jg jsg docno rel_level' (trec_eval prefs, 5 columns)"
            : "'qid jg docno rel' (qrels read as preferences, 4 columns)";
        if (count != columns)
            throw new MalformedRecordException(path, line.Number, $"{expected}, not {Fields.Count(text)} columns", line.Text);
        if (!double.TryParse(text[fields[columns - 1]], NumberStyles.Float, CultureInfo.InvariantCulture, out var level) || !double.IsFinite(level))
            throw new MalformedRecordException(path, line.Number, $"a number as the level in column {columns}", line.Text);
        return new PreferenceJudgment(text[fields[0]].ToString(), text[fields[1]].ToString(),
            columns == 5 ? text[fields[2]].ToString() : "0", text[fields[columns - 2]].ToString(), level);
    }
}
