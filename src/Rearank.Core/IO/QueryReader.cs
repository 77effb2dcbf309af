using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>Streams the queries of a topic file.</summary>
public static class QueryReader
{
    public static IEnumerable<Query> Read(string path, QueryFormat format = QueryFormat.Auto,
        TopicField topicField = TopicField.Title, MalformedRecordHandler? onMalformed = null)
    {
        if (format == QueryFormat.Auto) format = Detect(path);
        if (format == QueryFormat.TrecTopics) return TrecTopicReader.Read(path, topicField, onMalformed);
        return LineRecords.Read(path,
            line => format == QueryFormat.BeirJsonl ? ParseJson(path, line) : ParseTsv(path, line), onMalformed);
    }

    public static QueryFormat Detect(string path)
    {
        var first = LineRecords.FirstLine(path)?.TrimStart() ?? "";
        if (first.StartsWith('{')) return QueryFormat.BeirJsonl;
        if (first.StartsWith("<top", StringComparison.OrdinalIgnoreCase)) return QueryFormat.TrecTopics;
        return QueryFormat.Tsv;
    }

    private static Query ParseJson(string path, NumberedLine line)
    {
        using var json = JsonLine.Parse(path, line, "BEIR {\"_id\", \"text\"}");
        return new Query(json.RequiredId("_id"), json.RequiredText("text"));
    }

    private static Query ParseTsv(string path, NumberedLine line)
    {
        var tab = line.Text.IndexOf('\t');
        if (tab <= 0 || tab == line.Text.Length - 1)
            throw new MalformedRecordException(path, line.Number, "'qid<TAB>query text'", line.Text);
        return new Query(line.Text[..tab].Trim(), line.Text[(tab + 1)..].Trim());
    }
}
