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
        return ReadLines(path, format, onMalformed);
    }

    public static QueryFormat Detect(string path)
    {
        foreach (var line in TextFile.ReadLines(path))
        {
            var text = line.Text.TrimStart();
            if (text.Length == 0) continue;
            if (text.StartsWith('{')) return QueryFormat.BeirJsonl;
            if (text.StartsWith("<top", StringComparison.OrdinalIgnoreCase)) return QueryFormat.TrecTopics;
            return QueryFormat.Tsv;
        }
        return QueryFormat.Tsv;
    }

    private static IEnumerable<Query> ReadLines(string path, QueryFormat format, MalformedRecordHandler? onMalformed)
    {
        foreach (var line in TextFile.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line.Text)) continue;
            Query? query = null;
            try
            {
                query = format == QueryFormat.BeirJsonl ? ParseJson(path, line) : ParseTsv(path, line);
            }
            catch (MalformedRecordException e)
            {
                onMalformed.Report(e);
            }
            if (query is not null) yield return query;
        }
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
