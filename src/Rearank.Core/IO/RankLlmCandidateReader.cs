using System.Text.Json;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>
/// Reads rank_llm's JSONL candidate files (its retrieve_results_*.jsonl): one request per line,
/// <c>{"query": {"text", "qid"}, "candidates": [{"docid", "score", "doc": {"contents" | "title" + "text" | "segment"}}]}</c>.
/// Hits come out in the listed order with ranks from 1; a bad line is a MalformedRecord and the next line is read.
/// </summary>
public static class RankLlmCandidateReader
{
    private const string Expected = "a rank_llm request {\"query\": {\"text\", \"qid\"}, \"candidates\": [{\"docid\", \"score\", \"doc\"}]}";

    public static IEnumerable<RankedHit> Read(string path, MalformedRecordHandler? onMalformed = null) =>
        LineRecords.Read(path, line => Parse(path, line), onMalformed).SelectMany(hits => hits);

    private static List<RankedHit>? Parse(string path, NumberedLine line)
    {
        if (string.IsNullOrWhiteSpace(line.Text)) return null;
        try
        {
            using var json = JsonDocument.Parse(line.Text);
            return Request(path, line.Number, json.RootElement, line.Text);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new MalformedRecordException(path, line.Number, Expected, line.Text, e);
        }
    }

    /// <summary>
    /// One rank_llm request, a JSONL line or an element of the JSON array that rank_llm's
    /// <c>DataWriter.write_in_json_format</c> writes (the same objects, indented): its hits in the listed order.
    /// </summary>
    /// <remarks>The raw text goes into error messages; null where the record is a long array element.</remarks>
    internal static List<RankedHit> Request(string path, long lineNumber, JsonElement root, string? raw)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("candidates", out var candidates) || candidates.ValueKind != JsonValueKind.Array)
            throw new MalformedRecordException(path, lineNumber, Expected, raw);
        var text = Text(query, "text") ?? throw new MalformedRecordException(path, lineNumber, $"a string query.text in {Expected}", raw);
        var qid = Id(query, "qid") ?? throw new MalformedRecordException(path, lineNumber, $"a query.qid in {Expected}", raw);
        var hits = new List<RankedHit>(candidates.GetArrayLength());
        var count = candidates.GetArrayLength();
        foreach (var candidate in candidates.EnumerateArray())
        {
            var docId = candidate.ValueKind == JsonValueKind.Object ? Id(candidate, "docid") : null;
            if (docId is null) throw new MalformedRecordException(path, lineNumber, $"a docid for candidate {hits.Count + 1} in {Expected}", raw);
            double score = count - hits.Count;
            if (candidate.TryGetProperty("score", out var s) && s.ValueKind != JsonValueKind.Null
                && !(s.ValueKind == JsonValueKind.Number && s.TryGetDouble(out score) && double.IsFinite(score)))
                throw new MalformedRecordException(path, lineNumber, $"a finite number as the score of candidate {docId}", raw);
            var (title, body) = candidate.TryGetProperty("doc", out var doc) && doc.ValueKind == JsonValueKind.Object ? Passage(doc) : (null, "");
            hits.Add(new RankedHit
            {
                QueryId = qid, QueryText = text, DocId = docId, Rank = hits.Count + 1, Score = score, Title = title, Text = body,
            });
        }
        return hits;
    }

    /// <summary>rank_llm's doc: Pyserini "contents" (title inside), or "title" and "text", or MS MARCO v2 "segment".</summary>
    /// <remarks>The title is null where the doc has no "title" field, so the prompt shows the text as written.</remarks>
    private static (string? Title, string Text) Passage(JsonElement doc)
    {
        if (Text(doc, "contents") is { } contents) return (null, contents);
        if (Text(doc, "text") is { } text) return (Text(doc, "title"), text);
        return (Text(doc, "title"), Text(doc, "segment") ?? "");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Id(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String when value.GetString() is { Length: > 0 } s => s,
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
